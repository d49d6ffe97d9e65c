import { Inject, Injectable, Logger } from '@nestjs/common';
import { createDomainEvent } from '@so/contracts';
import { correlationIdOrNew, enqueueOutboxEvents, OutboundRefusedError, ServiceOutbox } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import type { WebhookEndpointEntity, WebhookMessageEntity } from '@so/webhook-data-access';
import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { WebhookDeliveryQueue } from '../queue/webhook-delivery.queue.js';
import { WebhookHttpClient, type WebhookHttpResponse } from '../send/webhook-http.client.js';
import { SigningKeyCache } from '../send/signing-key.cache.js';
import { serializeEventEnvelope, signatureHeader } from '../send/webhook-signature.js';
import { EndpointThrottle, type ThrottleDecision } from '../throttle/endpoint-throttle.js';
import { classifyResponse, describeTransportError, type AttemptVerdict } from './attempt-classifier.js';
import { DeliveryLogRepository, type AttemptRecord, type DeliveryTarget } from './delivery-log.repository.js';
import type { DeliveryOutcome, DeliveryRequest } from './delivery-outcome.js';

export const WEBHOOK_USER_AGENT = 'SecurityOrchestrator-Webhooks/1.0';

/**
 * How long a message of an ordered endpoint stays parked behind an earlier one before it looks
 * again. The earlier message's end promotes it at once; this only bounds the wait when that wake-up
 * was lost (a crash between the two), so it is long enough that a backlog behind a message retried
 * for hours costs little.
 */
export const ORDERED_WAIT_MS = 60_000;

/** Endpoints whose throttle settings are remembered; beyond this the memory starts over. */
const THROTTLE_HINTS_MAX = 10_000;

interface ThrottleSettings {
  rateLimitPerSecond: number | null;
  ordered: boolean;
}

interface AttemptResult {
  verdict: AttemptVerdict;
  response?: WebhookHttpResponse;
  error: string | null;
  latencyMs: number;
}

/** One delivery attempt of one message: throttle, sign, POST, log the attempt, decide what happens next. */
@Injectable()
export class DeliverMessageService {
  private readonly logger = new Logger(DeliverMessageService.name);
  /** Throttle settings each endpoint had at its last delivery: a guess that lets the lease be taken early. */
  private readonly throttleHints = new Map<string, ThrottleSettings>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: DeliveryLogRepository,
    private readonly http: WebhookHttpClient,
    private readonly signingKeys: SigningKeyCache,
    private readonly outbox: ServiceOutbox,
    private readonly throttle: EndpointThrottle,
    private readonly queue: WebhookDeliveryQueue,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    // The endpoint's lease is taken while its row loads, with the throttle settings it had last
    // time (the usual case); the row decides, and a guess that turns out wrong is undone below.
    const guess = request.endpointId === undefined ? undefined : this.throttleHints.get(request.endpointId);
    const early =
      guess && !guess.ordered
        ? this.throttle.acquire(request.endpointId as string, request.messageId, guess.rateLimitPerSecond)
        : undefined;
    // Settled before anything else can throw, so an early lease is never left unobserved.
    const [loaded, earlyDecision] = await Promise.allSettled([this.log.loadTarget(request.messageId), early]);
    const releaseEarly = async () => {
      if (earlyDecision.status === 'fulfilled' && earlyDecision.value?.go && request.endpointId !== undefined) {
        await this.throttle.release(request.endpointId, request.messageId);
      }
    };
    if (loaded.status === 'rejected') {
      await releaseEarly();
      throw loaded.reason;
    }
    const target = loaded.value;
    if (!target) {
      await releaseEarly();
      return { result: 'skipped', reason: 'message not found' };
    }
    const { message, endpoint } = target;
    this.rememberThrottleSettings(endpoint);
    const blocked = await this.notDeliverable(target);
    if (blocked) {
      await releaseEarly();
      return blocked;
    }
    let decision: ThrottleDecision;
    if (
      earlyDecision.status === 'fulfilled' &&
      earlyDecision.value !== undefined &&
      request.endpointId === endpoint.id &&
      guess?.rateLimitPerSecond === endpoint.rateLimitPerSecond &&
      !endpoint.ordered
    ) {
      decision = earlyDecision.value;
    } else {
      await releaseEarly();
      // An ordered endpoint takes one attempt at a time, whatever its concurrency setting.
      decision = await this.throttle.acquire(
        endpoint.id,
        message.id,
        endpoint.rateLimitPerSecond,
        endpoint.ordered ? 1 : undefined,
      );
    }
    if (!decision.go) return { result: 'throttled', delayMs: decision.delayMs, reason: decision.reason };
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.attemptAndRecord(endpoint, message, request.lastAttempt);
    } finally {
      const released = this.throttle.release(endpoint.id, message.id);
      // The next message of an ordered endpoint needs the lease back; elsewhere the release leaves
      // the job's critical path (if it fails, the lease lapses on its own after the lease time).
      if (endpoint.ordered) await released;
      else
        released.catch((error: unknown) =>
          this.logger.warn({
            msg: 'endpoint lease not released; it will lapse',
            endpointId: endpoint.id,
            err: String(error),
          }),
        );
    }
    // The message left the line (delivered or given up): the next one may go now.
    if (endpoint.ordered && outcome.result !== 'retry') await this.wakeNextInLine(endpoint);
    return outcome;
  }

  /** Why the message is not attempted now (already finished, endpoint gone, waiting its turn), if so. */
  private async notDeliverable({
    message,
    endpoint,
    waitingFor,
  }: DeliveryTarget): Promise<DeliveryOutcome | undefined> {
    // A message already delivered (or given up) is not sent again: a duplicate job or a replayed event is harmless.
    if (message.status !== 'pending') return { result: 'skipped', reason: `message already ${message.status}` };
    if (!endpoint.enabled || endpoint.deletedAt) {
      await this.log.abandon(message.id);
      if (endpoint.ordered) await this.wakeNextInLine(endpoint);
      return { result: 'skipped', reason: 'endpoint disabled or deleted' };
    }
    if (waitingFor !== undefined) return { result: 'waiting', waitingFor, delayMs: jittered(ORDERED_WAIT_MS) };
    return undefined;
  }

  private rememberThrottleSettings(endpoint: WebhookEndpointEntity): void {
    if (this.throttleHints.size >= THROTTLE_HINTS_MAX && !this.throttleHints.has(endpoint.id))
      this.throttleHints.clear();
    this.throttleHints.set(endpoint.id, { rateLimitPerSecond: endpoint.rateLimitPerSecond, ordered: endpoint.ordered });
  }

  /** True while `messageId` still holds up the messages behind it on an ordered endpoint. */
  async stillPending(messageId: string): Promise<boolean> {
    return this.log.isPending(messageId);
  }

  /**
   * Promotes the parked job of the endpoint's oldest pending message. Best effort: the delivery is
   * already recorded, and a lost wake-up only costs the parked message its ORDERED_WAIT_MS.
   */
  private async wakeNextInLine(endpoint: WebhookEndpointEntity): Promise<void> {
    try {
      const next = await this.log.nextInLine(endpoint.id);
      if (next) await this.queue.promote([next.id, `${next.id}-r${next.replayCount}`]);
    } catch (error) {
      this.logger.warn({
        msg: 'could not wake the next message of an ordered endpoint; it resumes after its wait',
        endpointId: endpoint.id,
        err: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Sends one attempt and records it (with the message summary, the endpoint's failure run, and the
   * endpoint disabled when it must be). The caller holds the endpoint's lease. `body` is the
   * serialised envelope when the caller already has it.
   */
  async attemptAndRecord(
    endpoint: WebhookEndpointEntity,
    message: WebhookMessageEntity,
    lastAttempt: boolean,
    body?: string,
  ): Promise<Extract<DeliveryOutcome, { result: 'delivered' | 'retry' | 'gave-up' }>> {
    const attempt = await this.attempt(endpoint, message, body);
    const { verdict } = attempt;
    const final = verdict.kind !== 'retryable' || lastAttempt;
    const messageStatus = verdict.kind === 'succeeded' ? 'delivered' : final ? 'failed' : 'pending';

    const record: AttemptRecord = {
      message,
      status: verdict.kind === 'succeeded' ? 'succeeded' : 'failed',
      messageStatus,
      responseStatus: attempt.response?.status ?? null,
      responseHeaders: attempt.response?.headers ?? null,
      responseBody: attempt.response?.body ?? null,
      latencyMs: attempt.latencyMs,
      error: attempt.error,
    };
    // Success is the common case: one statement instead of a five-round-trip transaction.
    if (verdict.kind === 'succeeded')
      return { result: 'delivered', attemptNumber: await this.log.recordSuccess(record) };

    let disabledReason: string | undefined;
    const attemptNumber = await this.dataSource.transaction(async (manager) => {
      const number = await this.log.recordAttempt(manager, record);
      const reason = await this.endpointHealth(manager, endpoint, verdict);
      if (reason !== undefined && (await this.log.disableEndpoint(manager, endpoint.id, reason))) {
        await enqueueOutboxEvents(manager, [this.endpointDisabledEvent(endpoint, message, reason)]);
        disabledReason = reason;
      }
      return number;
    });
    if (disabledReason !== undefined) {
      this.outbox.wake();
      this.logger.warn({
        msg: 'webhook endpoint disabled',
        endpointId: endpoint.id,
        orgId: endpoint.orgId,
        reason: disabledReason,
      });
    }

    switch (verdict.kind) {
      case 'retryable':
        return lastAttempt
          ? { result: 'gave-up', attemptNumber, reason: `${verdict.reason} (retries exhausted)` }
          : { result: 'retry', attemptNumber, reason: verdict.reason, retryAfterMs: verdict.retryAfterMs };
      case 'gone':
      case 'refused':
        return { result: 'gave-up', attemptNumber, reason: verdict.reason };
    }
  }

  /**
   * Tracks the endpoint's failure run; returns why it must be disabled (410 Gone, or failing without
   * a success for longer than allowed), and warns the operator once per run after N failures.
   */
  private async endpointHealth(
    manager: EntityManager,
    endpoint: WebhookEndpointEntity,
    verdict: AttemptVerdict,
  ): Promise<string | undefined> {
    const run = await this.log.trackEndpointHealth(manager, endpoint.id, verdict.kind === 'succeeded');
    if (verdict.kind === 'gone') return verdict.reason;
    if (!run) return undefined;
    if (run.consecutiveFailures >= this.options.failureWarningAfter && !run.warned) {
      if (await this.log.markFailureWarned(manager, endpoint.id)) {
        this.logger.warn({
          msg: 'webhook endpoint failing',
          endpointId: endpoint.id,
          orgId: endpoint.orgId,
          url: endpoint.url,
          consecutiveFailures: run.consecutiveFailures,
          failingSince: run.failingSince.toISOString(),
          disablesAt: new Date(run.failingSince.getTime() + this.options.disableAfterFailingMs).toISOString(),
        });
      }
    }
    if (Date.now() - run.failingSince.getTime() >= this.options.disableAfterFailingMs) {
      return `failing continuously since ${run.failingSince.toISOString()} (${run.consecutiveFailures} failed attempts)`;
    }
    return undefined;
  }

  private async attempt(
    endpoint: WebhookEndpointEntity,
    message: WebhookMessageEntity,
    serialized?: string,
  ): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const body = serialized ?? serializeEventEnvelope(message.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await this.http.post(endpoint.url, body, {
        ...endpoint.headers,
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        'webhook-id': message.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(this.signingKeys.keysFor(endpoint), message.id, timestamp, body),
      });
      const verdict = classifyResponse(response);
      return { verdict, response, error: verdict.kind === 'succeeded' ? null : verdict.reason, latencyMs: elapsed() };
    } catch (error) {
      const refused = findSsrfRefusal(error);
      if (refused) {
        const reason = `SSRF protection: ${refused.message}`;
        return { verdict: { kind: 'refused', reason }, error: reason, latencyMs: elapsed() };
      }
      const reason = describeTransportError(error);
      return { verdict: { kind: 'retryable', reason }, error: reason, latencyMs: elapsed() };
    }
  }

  private endpointDisabledEvent(endpoint: WebhookEndpointEntity, message: WebhookMessageEntity, reason: string) {
    return createDomainEvent({
      type: 'webhook.endpoint_disabled',
      orgId: endpoint.orgId,
      projectId: endpoint.projectId ?? message.projectId ?? '',
      correlationId: correlationIdOrNew(),
      data: { endpointId: endpoint.id, url: endpoint.url, reason },
    });
  }
}

/** ±20 %, so messages parked together do not all look again at the same moment. */
function jittered(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

/** The refusal may come straight from the pre-flight check or wrapped by the HTTP client's connect. */
function findSsrfRefusal(error: unknown): OutboundRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof OutboundRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
