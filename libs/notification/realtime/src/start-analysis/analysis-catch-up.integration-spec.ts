import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { EventBusPublisher } from '@so/shared';
import { leaseTestRedis, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AnalysisCatchUp } from './analysis-catch-up.js';

function progress(orgId: string, analysisId: string, percent: number): AnyDomainEvent {
  return createDomainEvent({
    type: 'analysis.progress',
    orgId,
    projectId: 'shop-api',
    correlationId: randomUUID(),
    data: { analysisId, stage: 'dynamic', percent, message: `at ${percent}%` },
  });
}

describe(AnalysisCatchUp.name, () => {
  let lease: TestRedisLease;
  let redis: Redis;

  beforeAll(async () => {
    lease = await leaseTestRedis();
    redis = new Redis(lease.url);
  });

  afterAll(async () => {
    await redis?.quit();
    await lease?.release();
  });

  it("returns that analysis' socket messages published after the position, in that org only", async () => {
    const publisher = new EventBusPublisher(redis);
    const analysisId = randomUUID();
    const catchUp = new AnalysisCatchUp(redis);
    await publisher.publish([progress('org-a', analysisId, 5)]);
    const position = await catchUp.position();
    const mine = [progress('org-a', analysisId, 10), progress('org-a', analysisId, 60)];
    await publisher.publish([mine[0] as AnyDomainEvent, progress('org-a', randomUUID(), 10), progress('org-b', analysisId, 10), mine[1] as AnyDomainEvent]);
    await redis.xadd('so:events', '*', 'type', 'analysis.progress', 'event', '{not json');

    const messages = await catchUp.messagesSince(position, 'org-a', analysisId);
    expect(messages.map((m) => [m.message, m.payload.id])).toEqual(mine.map((event) => ['ANALYSIS_PROGRESS', event.id]));
  });

  it('reads from the start of an empty stream', async () => {
    await redis.del('so:events');
    const catchUp = new AnalysisCatchUp(redis);
    expect(await catchUp.position()).toBe('0-0');
    const analysisId = randomUUID();
    const event = progress('org-a', analysisId, 1);
    await new EventBusPublisher(redis).publish([event]);
    expect((await catchUp.messagesSince('0-0', 'org-a', analysisId)).map((m) => m.payload.id)).toEqual([event.id]);
  });
});
