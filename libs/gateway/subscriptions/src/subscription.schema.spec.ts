import { describe, expect, it, jest } from '@jest/globals';
import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { parse, subscribe, type ExecutionResult } from 'graphql';
import type { Redis } from 'ioredis';
import { EventStreamTail } from './event-stream.tail.js';
import { createSubscriptionSchema } from './subscription.schema.js';

const logger = { log: jest.fn(), warn: jest.fn(), error: jest.fn() };

/** A tail whose events are pushed by the test (no Redis). */
function fakeTail() {
  const tail = new EventStreamTail({} as Redis, logger);
  const push = (event: AnyDomainEvent) => (tail as unknown as { dispatch(e: AnyDomainEvent): void }).dispatch(event);
  return { tail, push };
}

const progress = (orgId: string, analysisId: string, percent: number) =>
  createDomainEvent({ type: 'analysis.progress', orgId, projectId: 'p', correlationId: 'c', data: { analysisId, stage: 'probe', percent, message: 'm' } }) as AnyDomainEvent;
const completed = (orgId: string, analysisId: string) =>
  createDomainEvent({
    type: 'analysis.completed',
    orgId,
    projectId: 'p',
    correlationId: 'c',
    data: { analysisId, status: 'COMPLETED', findingCount: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 }, score: 80, durationMs: 5 },
  }) as AnyDomainEvent;

async function open(tail: EventStreamTail, query: string, scopes = ['*'], orgId = 'org-a') {
  const result = await subscribe({ schema: createSubscriptionSchema(tail), document: parse(query), contextValue: { identity: { orgId, principalId: 'k', scopes } } });
  return result as AsyncGenerator<ExecutionResult> | ExecutionResult;
}

describe('subscription schema', () => {
  it('analysisProgress: only the caller org and the analysis, ends after the final status', async () => {
    const { tail, push } = fakeTail();
    const stream = (await open(tail, 'subscription { analysisProgress(analysisId: "a1") { analysisId status percent eventType } }')) as AsyncGenerator<ExecutionResult>;
    push(progress('org-b', 'a1', 10)); // another org, same id: never seen
    push(progress('org-a', 'a2', 20)); // another analysis
    push(progress('org-a', 'a1', 30));
    push(completed('org-a', 'a1'));
    push(progress('org-a', 'a1', 99)); // after the end
    const values = [];
    for await (const result of stream) values.push(result.data?.analysisProgress);
    expect(values).toEqual([
      { analysisId: 'a1', status: 'IN_PROGRESS', percent: 30, eventType: 'analysis.progress' },
      { analysisId: 'a1', status: 'COMPLETED', percent: null, eventType: 'analysis.completed' },
    ]);
    expect(tail.subscriberCount).toBe(0);
  });

  it('refuses a key without a read scope with FORBIDDEN', async () => {
    const { tail } = fakeTail();
    const result = (await open(tail, 'subscription { integrationStatus(integrationId: "i1") { status } }', ['analyses:read'])) as ExecutionResult;
    expect(result.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(tail.subscriberCount).toBe(0);
  });

  it('unsubscribes from the tail when the client stops', async () => {
    const { tail } = fakeTail();
    const stream = (await open(tail, 'subscription { realTimeFindings(projectId: "p") { findingId } }')) as AsyncGenerator<ExecutionResult>;
    expect(tail.subscriberCount).toBe(1);
    await stream.return(undefined);
    expect(tail.subscriberCount).toBe(0);
  });
});
