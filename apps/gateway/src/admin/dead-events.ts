import { DEAD_EVENT_STREAM, parseDomainEventFields, streamFieldValue as field } from '@so/contracts';
import { EventBusPublisher } from '@so/shared';
import type { Redis } from 'ioredis';
import { parseArgs } from 'node:util';
import { AdminUsageError } from './admin-commands.js';

type StreamEntry = [id: string, fields: string[]];

export interface DeadEventView {
  /** Position in the dead-event stream: what `redrive-events --id` takes. */
  id: string;
  group: string;
  /** Where the event stood in the domain event stream. */
  entryId: string;
  deliveries: number;
  setAsideAt: string;
  event: { id: string; type: string; orgId: string; projectId: string; occurredAt: string } | null;
}

function toView([id, fields]: StreamEntry): DeadEventView {
  const event = parseDomainEventFields(fields);
  return {
    id,
    group: field(fields, 'group') ?? '',
    entryId: field(fields, 'entryId') ?? '',
    deliveries: Number(field(fields, 'deliveries') ?? 0),
    setAsideAt: new Date(Number(id.split('-')[0])).toISOString(),
    event: event ? { id: event.id, type: event.type, orgId: event.orgId, projectId: event.projectId, occurredAt: event.occurredAt } : null,
  };
}

/** Dead events, oldest first, optionally of one consumer group (the consuming service). */
export async function listDeadEvents(redis: Redis, group: string | undefined, limit: number): Promise<DeadEventView[]> {
  const views: DeadEventView[] = [];
  let start = '-';
  // Read in pages so a group filter still finds `limit` matches among other groups' entries.
  while (views.length < limit) {
    const page = (await redis.xrange(DEAD_EVENT_STREAM, start, '+', 'COUNT', 500)) as StreamEntry[];
    for (const entry of page) {
      const view = toView(entry);
      if (!group || view.group === group) views.push(view);
      if (views.length === limit) break;
    }
    if (page.length < 500) break;
    start = `(${page.at(-1)?.[0] ?? '+'}`;
  }
  return views;
}

/**
 * Publishes dead events again (all of a group, or the given dead-event ids), then removes each from
 * the dead-event stream: a crash in between publishes one twice, never loses it. The event goes back on
 * the domain stream with its own id, so every consuming service sees it again; handlers are idempotent
 * on the event id, so the services that had handled it skip it.
 */
export async function redriveDeadEvents(redis: Redis, group: string | undefined, ids: readonly string[]): Promise<{ redriven: string[] }> {
  const chosen = ids.length > 0 ? ids : (await listDeadEvents(redis, group, 10_000)).map((view) => view.id);
  const publisher = new EventBusPublisher(redis);
  const redriven: string[] = [];
  for (const id of chosen) {
    const [entry] = (await redis.xrange(DEAD_EVENT_STREAM, id, id)) as StreamEntry[];
    if (!entry || (group && field(entry[1], 'group') !== group)) continue;
    const event = parseDomainEventFields(entry[1]);
    if (!event) continue;
    await publisher.publish([event]);
    await redis.xdel(DEAD_EVENT_STREAM, id);
    redriven.push(id);
  }
  return { redriven };
}

export const DEAD_EVENT_COMMANDS = ['dead-events', 'redrive-events'] as const;

/** `dead-events [--group g] [--limit n]` and `redrive-events [--group g] [--id <dead id> ...]`. */
export async function runDeadEventCommand(argv: string[], redis: Redis): Promise<Record<string, unknown> | DeadEventView[]> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { group: { type: 'string' }, limit: { type: 'string' }, id: { type: 'string', multiple: true } },
  });
  if (command === 'dead-events') {
    const limit = Number(values.limit ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new AdminUsageError('--limit must be a whole number from 1 to 10000');
    return listDeadEvents(redis, values.group, limit);
  }
  const ids = values.id ?? [];
  if (!values.group && ids.length === 0) throw new AdminUsageError('redrive-events needs --group <group> or --id <dead-event id>');
  return redriveDeadEvents(redis, values.group, ids);
}
