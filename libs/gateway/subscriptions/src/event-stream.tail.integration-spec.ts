import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createDomainEvent, DOMAIN_EVENT_STREAM, type AnyDomainEvent } from '@so/contracts';
import { leaseTestRedis, waitFor, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { EventStreamTail } from './event-stream.tail.js';

const statusChanged = (integrationId: string) =>
  createDomainEvent({
    type: 'integration.status_changed',
    orgId: 'org-a',
    projectId: 'shop',
    correlationId: 'c',
    data: { integrationId, status: 'ERROR', previousStatus: 'ACTIVE', message: 'down' },
  });
const progress = (percent: number) =>
  createDomainEvent({
    type: 'analysis.progress',
    orgId: 'org-a',
    projectId: 'shop',
    correlationId: 'c',
    data: { analysisId: '0b6f8a62-1d0e-4c55-9d7a-2f3e4a5b6c7d', stage: 'probing', percent, message: `${percent}%` },
  });

describe('EventStreamTail listeners of some types', () => {
  let lease: TestRedisLease;
  let writer: Redis;
  let tail: EventStreamTail;

  /** Publishes the way the event bus does; `typeField` is what the entry says beside the JSON. */
  const publish = (event: AnyDomainEvent, typeField: string = event.type) =>
    writer.xadd(DOMAIN_EVENT_STREAM, '*', 'type', typeField, 'event', JSON.stringify(event));

  beforeAll(async () => {
    lease = await leaseTestRedis();
    writer = new Redis(lease.url);
    tail = new EventStreamTail(new Redis(lease.url), new Logger('test'), 200);
    await tail.start();
  });

  afterAll(async () => {
    await tail?.stop();
    writer?.disconnect();
    await lease?.release();
  });

  it('hands a listener only the types it named, and every type to a listener that named none', async () => {
    const statuses: string[] = [];
    const everything: string[] = [];
    const unsubscribeStatuses = tail.subscribe((event) => statuses.push(event.type), ['integration.status_changed']);
    const unsubscribeAll = tail.subscribe((event) => everything.push(event.type));
    await publish(progress(10));
    await publish(statusChanged('i-1'));
    await waitFor(() => everything.length === 2);
    expect(everything).toEqual(['analysis.progress', 'integration.status_changed']);
    expect(statuses).toEqual(['integration.status_changed']);
    unsubscribeAll();
    unsubscribeStatuses();
    expect(tail.subscriberCount).toBe(0);
  });

  it('skips entries of types nobody wants without reading their JSON', async () => {
    const seen: string[] = [];
    const unsubscribe = tail.subscribe((event) => seen.push((event.data as { integrationId: string }).integrationId), ['integration.status_changed']);
    // The entry says analysis.progress beside a status change: read, it would reach the listener.
    await publish(statusChanged('skipped'), 'analysis.progress');
    await publish(statusChanged('read'));
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual(['read']);
    unsubscribe();
  });
});
