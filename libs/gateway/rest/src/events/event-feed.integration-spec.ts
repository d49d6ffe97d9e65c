import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createDomainEvent, DOMAIN_EVENT_STREAM, type AnyDomainEvent } from '@so/contracts';
import { EventStreamTail } from '@so/gateway-subscriptions';
import { leaseTestRedis, startHttpServer, waitFor, type TestRedisLease } from '@so/testing';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { EventFeed } from './event-feed.js';
import { analysisMessage } from './sse-messages.js';
import { SseStream } from './sse-stream.js';

const analysisId = '0b6f8a62-1d0e-4c55-9d7a-2f3e4a5b6c7d';

/** Publishes the way the event bus does: fields `type` and `event` (the JSON envelope). */
async function publish(redis: Redis, event: AnyDomainEvent): Promise<string> {
  return (await redis.xadd(DOMAIN_EVENT_STREAM, '*', 'type', event.type, 'event', JSON.stringify(event))) as string;
}

const progress = (orgId: string, percent: number) =>
  createDomainEvent({ type: 'analysis.progress', orgId, projectId: 'shop', correlationId: 'c', data: { analysisId, stage: 'probing', percent, message: `${percent}%` } });

describe('EventFeed and SseStream on a real event stream', () => {
  let lease: TestRedisLease;
  let writer: Redis;
  let tail: EventStreamTail;
  const connections: Redis[] = [];

  beforeAll(async () => {
    lease = await leaseTestRedis();
    writer = new Redis(lease.url);
    const blocking = new Redis(lease.url);
    const ranges = new Redis(lease.url);
    connections.push(writer, ranges);
    tail = new EventStreamTail(blocking, new Logger('test'), 200, ranges);
    await tail.start();
  });

  afterAll(async () => {
    await tail?.stop();
    for (const connection of connections) connection.disconnect();
    await lease?.release();
  });

  it('replays what a reconnecting client missed, then goes live, with no gap, repeat or other org', async () => {
    const seen = await publish(writer, progress('org-a', 10));
    await publish(writer, progress('org-a', 20));
    await publish(writer, progress('org-b', 25)); // another organisation: never delivered
    await publish(writer, progress('org-a', 30));

    const feed = new EventFeed(tail, (event) => event.orgId === 'org-a');
    const delivered: number[] = [];
    await feed.start(seen, (event) => delivered.push((event.data as { percent: number }).percent));
    expect(delivered).toEqual([20, 30]);

    await publish(writer, progress('org-a', 40));
    await publish(writer, progress('org-b', 45));
    await publish(writer, progress('org-a', 50));
    await waitFor(() => delivered.length === 4);
    feed.close();
    await publish(writer, progress('org-a', 60)); // after close: not delivered
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(delivered).toEqual([20, 30, 40, 50]);
  });

  it('writes event-stream frames a client can parse, and ends when the client leaves', async () => {
    let serverStream: SseStream | undefined;
    const server = await startHttpServer((_req, res) => {
      serverStream = new SseStream(res, { heartbeatMs: 50, maxBufferedBytes: 1 << 16, retryMs: 1_000 });
      const event = progress('org-a', 70);
      const message = analysisMessage(event, '42-0');
      if (message) serverStream.send(message);
    });
    try {
      const response = await request(server.url);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      let text = '';
      for await (const chunk of response.body) {
        text += chunk.toString();
        if (text.includes(': keep-alive')) break;
      }
      expect(text).toContain('retry: 1000\n\n');
      const frame = /event: (\S+)\nid: (\S+)\ndata: (.*)\n\n/.exec(text);
      expect(frame?.[1]).toBe('ANALYSIS_PROGRESS');
      expect(frame?.[2]).toBe('42-0');
      expect(JSON.parse(frame?.[3] ?? '{}')).toMatchObject({ analysisId, percent: 70, status: 'IN_PROGRESS' });
      response.body.destroy();
      await waitFor(() => serverStream?.isClosed);
    } finally {
      await server.close();
    }
  });
});
