import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AnalysisStatus } from '@so/analysis-data-access';
import { leaseTestRedis, waitFor, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { AnalysisStatusChannel, type AnalysisStatusMessage } from './analysis-status.channel.js';

describe(`${AnalysisStatusChannel.name} (real Redis)`, () => {
  let lease: TestRedisLease;
  let redis: Redis;
  let sender: AnalysisStatusChannel;
  let receiver: AnalysisStatusChannel;

  beforeAll(async () => {
    lease = await leaseTestRedis();
    redis = new Redis(lease.url, { maxRetriesPerRequest: 1 });
    // Two channels on one Redis stand for two replicas of the service.
    sender = new AnalysisStatusChannel(redis);
    receiver = new AnalysisStatusChannel(redis);
    await sender.onModuleInit();
    await receiver.onModuleInit();
  });
  afterAll(async () => {
    await sender.onApplicationShutdown();
    await receiver.onApplicationShutdown();
    await redis.quit();
    await lease.release();
  });

  it('delivers every announcement made at once to every replica, each once and in order', async () => {
    const heard: AnalysisStatusMessage[] = [];
    const stop = receiver.listen((message) => heard.push(message));
    const messages = Array.from({ length: 50 }, (_, index) => ({
      analysisId: `a-${index}`,
      orgId: 'org-1',
      status: AnalysisStatus.Completed,
    }));
    try {
      // Published in one turn of the event loop: they leave together.
      await Promise.all(messages.map((message) => sender.publish(message)));
      await waitFor(async () => heard.length >= messages.length);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heard).toEqual(messages);
    } finally {
      stop();
    }
  });
});
