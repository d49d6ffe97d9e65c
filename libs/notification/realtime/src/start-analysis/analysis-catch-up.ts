import { DOMAIN_EVENT_STREAM, parseDomainEventFields } from '@so/contracts';
import type { Redis } from 'ioredis';
import { socketMessageFor, type SocketMessage } from '../realtime-messages.js';

/** The messages of one analysis (progress, findings, completion). */
export type AnalysisMessage = Exclude<SocketMessage, { kind: 'integration' }>;

type StreamEntry = [id: string, fields: string[] | null];

/** How far past the start the catch-up reads; a fresh analysis has a handful of events by then. */
const MAX_ENTRIES_READ = 2_000;

/**
 * Closes the gap between starting an analysis and joining its room: the analysis id is only known
 * once the analysis service answered, and its first events may already be on the stream by then.
 * `position` is taken before the start call; the catch-up reads what followed it and keeps the
 * messages of that analysis in that org. An event that was also fanned out after the join reaches
 * the client twice with the same `id`.
 */
export class AnalysisCatchUp {
  constructor(private readonly redis: Pick<Redis, 'xrevrange' | 'xrange'>) {}

  /** The newest entry of the event stream now ('0-0' when empty). */
  async position(): Promise<string> {
    const newest = (await this.redis.xrevrange(DOMAIN_EVENT_STREAM, '+', '-', 'COUNT', 1)) as StreamEntry[];
    return newest[0]?.[0] ?? '0-0';
  }

  async messagesSince(position: string, orgId: string, analysisId: string): Promise<AnalysisMessage[]> {
    const entries = (await this.redis.xrange(DOMAIN_EVENT_STREAM, `(${position}`, '+', 'COUNT', MAX_ENTRIES_READ)) as StreamEntry[];
    const messages: AnalysisMessage[] = [];
    for (const [, fields] of entries) {
      const event = parseDomainEventFields(fields);
      if (!event || event.orgId !== orgId) continue;
      const message = socketMessageFor(event);
      if (message && message.kind !== 'integration' && message.analysisId === analysisId) messages.push(message);
    }
    return messages;
  }
}
