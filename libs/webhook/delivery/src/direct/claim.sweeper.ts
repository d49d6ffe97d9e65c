import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { correlationIdOrNew } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { WebhookDeliveryQueue } from '../queue/webhook-delivery.queue.js';
import { retryDelayMs } from '../retry/retry-schedule.js';
import { MessageClaims } from './message-claims.js';

/** Messages re-queued per pass; a longer backlog is taken by the following passes. */
const SWEEP_BATCH = 500;

/**
 * Crash recovery of first attempts sent without a queue job: a pending message whose claim is older
 * than the claim timeout lost its sender between claim and hand-over (before the attempt, or after
 * a failed attempt was recorded), and goes on the queue under its own id, then its claim is released.
 * A message that may have reached the receiver before the crash is sent again: at least once, and
 * the unchanged webhook-id lets the receiver deduplicate. Every replica sweeps; two sweeping the same
 * message both enqueue the same job id, which the queue keeps once.
 */
@Injectable()
export class ClaimSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClaimSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(
    private readonly claims: MessageClaims,
    private readonly queue: WebhookDeliveryQueue,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.min(30_000, Math.max(250, Math.round(this.options.claimTimeoutMs / 4)));
    this.timer = setInterval(() => void this.sweepOnce(), every);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** One pass; resolves with the number of messages queued. Never runs twice at once in a process. */
  sweepOnce(): Promise<number> {
    this.sweeping ??= this.sweep()
      .catch((error: unknown) => {
        this.logger.error({ msg: 'claim sweep failed; the next pass retries', err: String(error) });
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweep(): Promise<number> {
    const lapsed = await this.claims.lapsed(this.options.claimTimeoutMs, SWEEP_BATCH);
    if (lapsed.length === 0) return 0;
    const schedule = this.options.retryScheduleMs;
    await this.queue.enqueue(
      lapsed.map((claim) => {
        // A recorded failed attempt counts; the next one waits its turn in the schedule.
        const attemptsBefore = Math.min(claim.attemptCount, schedule.length - 1);
        return {
          messageId: claim.id,
          endpointId: claim.endpointId,
          attemptsBefore,
          delayMs: attemptsBefore === 0 ? undefined : retryDelayMs(schedule, attemptsBefore),
        };
      }),
      correlationIdOrNew(),
    );
    await this.claims.release(lapsed.map((claim) => claim.id));
    this.logger.warn({
      msg: 'claimed webhook messages whose sender stopped were queued',
      count: lapsed.length,
      messageIds: lapsed.slice(0, 20).map((claim) => claim.id),
    });
    return lapsed.length;
  }
}
