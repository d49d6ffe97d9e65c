import { Inject, Injectable, Logger } from '@nestjs/common';
import { isEventType, type AnyDomainEvent } from '@so/contracts';
import { correlationIdOrNew, MicroBatcher } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { WebhookEndpointEntity, WebhookMessageEntity } from '@so/webhook-data-access';
import { DataSource } from 'typeorm';
import { FirstAttemptDispatcher, type ClaimedMessage } from '../direct/first-attempt.dispatcher.js';
import { WebhookDeliveryQueue, type MessageToDeliver } from '../queue/webhook-delivery.queue.js';
import { serializeEventEnvelope } from '../send/webhook-signature.js';
import { queryPrepared } from '../deliver/prepared-statement.js';
import { fanOutParameters } from './fan-out.parameters.js';
import { FAN_OUT_SQL, type FanOutRow } from './fan-out.query.js';

/**
 * Turns domain events into one message per subscribed endpoint and gets them delivered.
 * Idempotent on the event id: messages are unique per (event, endpoint), and every still-pending
 * message of the event that nobody holds is (re-)enqueued under its own id, so a redelivered event,
 * or a crash between insert and enqueue, neither duplicates nor loses a delivery.
 *
 * The first attempt of a message to an unordered endpoint is sent from here, without a queue job:
 * the message row is inserted already claimed by this process, in the same statement, and handed to
 * the FirstAttemptDispatcher; a failed, throttled or interrupted first attempt goes on the queue from
 * there (or from the claim sweeper after a crash). Ordered endpoints go through the queue, which
 * keeps their line.
 *
 * Events handled at the same time (the consumer hands over a whole stream read at once) share one
 * statement and one queue write; each caller resumes once its own messages are committed and either
 * queued or lined up for their first attempt (the consumer acknowledges the event then).
 */
@Injectable()
export class EventFanOutService {
  private readonly logger = new Logger(EventFanOutService.name);
  private readonly batcher = new MicroBatcher<AnyDomainEvent, number>({
    run: (events) => this.fanOut(events),
    maxBatchSize: 200,
    // One statement at a time: messages.seq then follows event order across batches too (an
    // ordered endpoint relies on it), and a later batch cannot commit before an earlier one.
    maxInFlight: 1,
  });

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: WebhookDeliveryQueue,
    private readonly firstAttempts: FirstAttemptDispatcher,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  /** Resolves with the number of messages (new or still pending) queued or claimed for the event. */
  async handle(event: AnyDomainEvent): Promise<number> {
    if (!isWellFormed(event)) {
      this.logger.warn({ msg: 'malformed or unknown event ignored', eventId: (event as { id?: unknown }).id });
      return 0;
    }
    return this.batcher.add(event);
  }

  private async fanOut(events: AnyDomainEvent[]): Promise<number[]> {
    // Taken before the statement: the claim's age is never underestimated.
    const claimedAt = Date.now();
    const rows = await queryPrepared<FanOutRow>(
      this.dataSource,
      'webhook-fan-out-v3',
      FAN_OUT_SQL,
      fanOutParameters(events, this.options.claimTimeoutMs),
    );
    // The common case: no endpoint of these orgs takes these events, and nothing is left to do.
    if (rows.length === 0) return events.map(() => 0);

    const eventsById = new Map(events.map((event) => [event.id, event]));
    // The envelope partners receive, serialised once per event that has a first attempt to send (the
    // body of each of its first attempts; retries serialise the stored payload the same way).
    const bodies = new Map<string, string>();
    // The endpoint columns come with one claimed row per endpoint (whichever comes first here).
    const endpoints = new Map<string, WebhookEndpointEntity>();
    for (const row of rows) {
      if (row.claimed && row.e_url !== null) endpoints.set(row.endpoint_id, claimedEndpoint(row));
    }
    const perEvent = new Map<string, number>();
    const queued: MessageToDeliver[] = [];
    const claimed: ClaimedMessage[] = [];
    for (const row of rows) {
      perEvent.set(row.event_id, (perEvent.get(row.event_id) ?? 0) + 1);
      const event = eventsById.get(row.event_id) as AnyDomainEvent;
      const correlationId = event.correlationId || correlationIdOrNew();
      if (!row.claimed) {
        queued.push({ messageId: row.id, endpointId: row.endpoint_id, correlationId });
        continue;
      }
      let body = bodies.get(event.id);
      if (body === undefined) {
        body = serializeEventEnvelope(event);
        bodies.set(event.id, body);
      }
      const endpoint = endpoints.get(row.endpoint_id);
      if (endpoint === undefined) {
        throw new Error(`fan-out returned no endpoint columns for endpoint ${row.endpoint_id}`);
      }
      claimed.push({ target: { message: claimedMessage(row, event), endpoint }, body, correlationId, claimedAt });
    }
    await this.queue.enqueue(queued, correlationIdOrNew());
    // Resolves once the dispatcher has room: the consumer reads no further ahead than deliveries keep up.
    await this.firstAttempts.submit(claimed);
    this.logger.debug({
      msg: 'events fanned out to webhook endpoints',
      events: events.length,
      queued: queued.length,
      claimed: claimed.length,
    });
    return events.map((event) => perEvent.get(event.id) ?? 0);
  }
}

/** The message as its first attempt needs it (the columns the delivery path reads). */
function claimedMessage(row: FanOutRow, event: AnyDomainEvent): WebhookMessageEntity {
  return Object.assign(new WebhookMessageEntity(), {
    id: row.id,
    orgId: event.orgId,
    endpointId: row.endpoint_id,
    eventId: event.id,
    eventType: event.type,
    projectId: event.projectId || null,
    payload: event,
    status: 'pending',
    attemptCount: 0,
    replayCount: 0,
    seq: row.seq,
  });
}

/** The endpoint as the first attempt needs it, from the claimed row that carries its columns. */
function claimedEndpoint(row: FanOutRow): WebhookEndpointEntity {
  return Object.assign(new WebhookEndpointEntity(), {
    id: row.endpoint_id,
    orgId: row.e_org_id,
    projectId: row.e_project_id,
    url: row.e_url as string,
    enabled: true,
    deletedAt: null,
    secretCiphertext: row.e_secret_ciphertext,
    previousSecretCiphertext: row.e_previous_secret_ciphertext,
    previousSecretExpiresAt: row.e_previous_secret_expires_at,
    signingScheme: row.e_signing_scheme ?? 'hmac',
    headers: row.e_headers ?? {},
    rateLimitPerSecond: row.e_rate_limit_per_second,
    ordered: false,
  });
}

/** Events come from other services over Redis: check the fields the fan-out relies on. */
function isWellFormed(event: AnyDomainEvent): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.id === 'string' &&
    event.id.length > 0 &&
    event.id.length <= 200 &&
    typeof event.type === 'string' &&
    isEventType(event.type) &&
    typeof event.orgId === 'string' &&
    event.orgId.length > 0 &&
    (event.projectId === undefined || event.projectId === null || typeof event.projectId === 'string')
  );
}
