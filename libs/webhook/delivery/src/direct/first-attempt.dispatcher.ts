import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { runWithCorrelation } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { FirstAttemptService, type ClaimedMessage } from './first-attempt.service.js';

export type { ClaimedMessage } from './first-attempt.service.js';

/**
 * Runs the first attempts of claimed messages, at most WEBHOOK_DELIVERY_CONCURRENCY at once (queued
 * retries have their own slots in the queue worker). Messages beyond that wait in line here; `submit`
 * resolves only once the line is short again, so the event consumer, which reads the next batch as
 * soon as the current one is submitted, stays at most one line ahead of the deliveries.
 *
 * A message that waited in line so long that its claim could lapse during the attempt goes to the
 * queue instead; on shutdown the line goes to the queue and the running attempts are awaited.
 */
@Injectable()
export class FirstAttemptDispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(FirstAttemptDispatcher.name);
  private readonly line: ClaimedMessage[] = [];
  private lineStart = 0;
  private running = 0;
  private closing = false;
  private roomWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly lineLimit: number;
  /** Longest wait in line: the rest of the claim timeout still covers an attempt with a wide margin. */
  private readonly maxLineWaitMs: number;

  constructor(
    private readonly firstAttempts: FirstAttemptService,
    @Inject(WEBHOOK_OPTIONS) options: WebhookRuntimeOptions,
  ) {
    this.concurrency = options.deliveryConcurrency;
    this.lineLimit = Math.max(options.deliveryConcurrency, 200);
    this.maxLineWaitMs = Math.max(0, (options.claimTimeoutMs - options.timeoutMs) / 2);
  }

  async submit(messages: readonly ClaimedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    if (this.closing) {
      await Promise.all(messages.map((message) => this.handOverSafely(message)));
      return;
    }
    for (const message of messages) this.line.push(message);
    this.pump();
    while (this.waiting() > this.lineLimit && !this.closing) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Attempts running or lined up (for tests and health). */
  get load(): number {
    return this.running + this.waiting();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const rest = this.line.splice(this.lineStart);
    this.line.length = 0;
    this.lineStart = 0;
    this.wake(this.roomWaiters);
    await Promise.all(rest.map((message) => this.handOverSafely(message)));
    if (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.firstAttempts.drain();
  }

  private waiting(): number {
    return this.line.length - this.lineStart;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.waiting() > 0) {
      const next = this.line[this.lineStart++] as ClaimedMessage;
      // Compact now and then instead of shifting the array for every message.
      if (this.lineStart > 1024 && this.lineStart * 2 > this.line.length) {
        this.line.splice(0, this.lineStart);
        this.lineStart = 0;
      }
      this.running++;
      void this.run(next).finally(() => {
        this.running--;
        if (!this.closing) this.pump();
        if (this.waiting() <= this.lineLimit) this.wake(this.roomWaiters);
        if (this.running === 0) this.wake(this.idleWaiters);
      });
    }
  }

  private async run(claimed: ClaimedMessage): Promise<void> {
    if (Date.now() - claimed.claimedAt > this.maxLineWaitMs) {
      await this.handOverSafely(claimed);
      return;
    }
    try {
      await runWithCorrelation(claimed.correlationId, () => this.firstAttempts.send(claimed));
    } catch (error) {
      // Not recorded, or not handed over: the claim stays and lapses, and the sweeper queues the message.
      this.logger.error({
        msg: 'first attempt interrupted; the message is queued once its claim lapses',
        messageId: claimed.target.message.id,
        endpointId: claimed.target.endpoint.id,
        err: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async handOverSafely(claimed: ClaimedMessage): Promise<void> {
    try {
      await this.firstAttempts.handOver(claimed, {});
    } catch (error) {
      this.logger.error({
        msg: 'could not queue a claimed message; it is queued once its claim lapses',
        messageId: claimed.target.message.id,
        err: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private wake(waiters: Array<() => void>): void {
    for (const resolve of waiters.splice(0)) resolve();
  }
}
