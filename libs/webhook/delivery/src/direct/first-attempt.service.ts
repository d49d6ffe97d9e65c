import { Inject, Injectable, Logger } from '@nestjs/common';
import { MicroBatcher } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { DeliverMessageService } from '../deliver/deliver-message.service.js';
import type { DeliveryTarget } from '../deliver/delivery-target.query.js';
import { WebhookDeliveryQueue, type MessageToDeliver } from '../queue/webhook-delivery.queue.js';
import { retryDelayMs } from '../retry/retry-schedule.js';
import { EndpointThrottle } from '../throttle/endpoint-throttle.js';
import { MessageClaims } from './message-claims.js';

/** A message inserted already claimed by this process: its first attempt is sent without a queue job. */
export interface ClaimedMessage {
  target: DeliveryTarget;
  /** The serialised envelope, shared by every endpoint of the event. */
  body: string;
  correlationId: string;
  /** Epoch ms, taken before the claim was written: the claim is at least this old. */
  claimedAt: number;
}

/** How the queue takes over a claimed message. */
export interface HandOver {
  /** Attempts already made (a failed first attempt). */
  attemptsBefore?: number;
  delayMs?: number;
}

/**
 * The first attempt of a claimed message: the endpoint's lease and token (rate limit, concurrency
 * cap, as for a queued attempt), the signed POST, the attempt recorded. What cannot be settled by
 * this one attempt goes on the queue under the message id, as a queued first attempt would be
 * rescheduled: throttled (not attempted, full retry budget), or failed and retryable (the schedule
 * continues at its second entry, same webhook-id). Only after the queue has the job is the claim
 * released; should the process die before that, the claim lapses and the claim sweeper queues it.
 */
@Injectable()
export class FirstAttemptService {
  private readonly logger = new Logger(FirstAttemptService.name);
  private readonly handOvers = new MicroBatcher<MessageToDeliver, void>({
    run: async (messages) => {
      await this.queue.enqueue(messages, 'first-attempt-handover');
      await this.claims.release(messages.map((message) => message.messageId));
      return messages.map(() => undefined);
    },
    maxBatchSize: 200,
    maxInFlight: 2,
  });

  constructor(
    private readonly deliveries: DeliverMessageService,
    private readonly throttle: EndpointThrottle,
    private readonly queue: WebhookDeliveryQueue,
    private readonly claims: MessageClaims,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  async send(claimed: ClaimedMessage): Promise<void> {
    const { message, endpoint } = claimed.target;
    const decision = await this.throttle.acquire(endpoint.id, message.id, endpoint.rateLimitPerSecond);
    if (!decision.go) {
      await this.handOver(claimed, { delayMs: decision.delayMs });
      return;
    }
    let outcome: Awaited<ReturnType<DeliverMessageService['attemptAndRecord']>>;
    try {
      outcome = await this.deliveries.attemptAndRecord(
        endpoint,
        message,
        this.options.retryScheduleMs.length <= 1,
        claimed.body,
      );
    } finally {
      // Off the critical path, as for queued attempts: a lost release lapses with the lease time.
      this.throttle
        .release(endpoint.id, message.id)
        .catch((error: unknown) =>
          this.logger.warn({
            msg: 'endpoint lease not released; it will lapse',
            endpointId: endpoint.id,
            err: String(error),
          }),
        );
    }
    const context = { messageId: message.id, endpointId: endpoint.id, correlationId: claimed.correlationId };
    switch (outcome.result) {
      case 'delivered':
        this.logger.log({ msg: 'webhook delivered', ...context, attempt: outcome.attemptNumber });
        return;
      case 'retry':
        this.logger.warn({
          msg: 'webhook attempt failed; will retry',
          ...context,
          attempt: outcome.attemptNumber,
          reason: outcome.reason,
        });
        await this.handOver(claimed, {
          attemptsBefore: outcome.attemptNumber,
          delayMs: retryDelayMs(this.options.retryScheduleMs, outcome.attemptNumber, outcome.retryAfterMs),
        });
        return;
      case 'gave-up':
        this.logger.warn({
          msg: 'webhook delivery failed',
          ...context,
          attempt: outcome.attemptNumber,
          reason: outcome.reason,
        });
        return;
    }
  }

  /** Puts the message on the queue (job id = message id, so a second hand-over is a no-op), then releases the claim. */
  handOver(claimed: ClaimedMessage, how: HandOver): Promise<void> {
    return this.handOvers.add({
      messageId: claimed.target.message.id,
      endpointId: claimed.target.endpoint.id,
      correlationId: claimed.correlationId,
      attemptsBefore: how.attemptsBefore,
      delayMs: how.delayMs,
    });
  }

  /** Settles hand-overs still being sent (shutdown). */
  drain(): Promise<void> {
    return this.handOvers.drain();
  }
}
