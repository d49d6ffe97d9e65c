import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JobName, QueueName, type JobOf } from '@so/contracts';
import { runWithCorrelation } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { DelayedError, UnrecoverableError, Worker, type Job, type MinimalJob } from 'bullmq';
import { Redis } from 'ioredis';
import { DeliverMessageService } from '../deliver/deliver-message.service.js';
import type { DeliveryOutcome } from '../deliver/delivery-outcome.js';
import { DeliveryRetryError } from '../retry/delivery-retry.error.js';
import { retryDelayMs } from '../retry/retry-schedule.js';

type DeliverJob = Job<JobOf<JobName.WebhookDeliver>, DeliveryOutcome, JobName.WebhookDeliver>;

/**
 * Consumer side of the delivery queue: runs DeliverMessageService and maps its outcome to BullMQ —
 * a retryable failure throws so BullMQ reschedules it along the Standard Webhooks schedule (the
 * custom backoff, honouring Retry-After); a final failure throws UnrecoverableError.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private workers: Array<Worker<JobOf<JobName.WebhookDeliver>, DeliveryOutcome, JobName.WebhookDeliver>> = [];
  private connection?: Redis;

  constructor(
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
    private readonly deliveries: DeliverMessageService,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.options.retryScheduleMs;
    // A dedicated connection: the worker blocks on it waiting for jobs. Auto-pipelining sends the
    // queue commands of concurrent jobs (claim the next job, complete one) issued in the same tick
    // in one write instead of one write each.
    this.connection = new Redis(this.options.redisUrl, {
      connectionName: 'webhook-delivery-worker',
      maxRetriesPerRequest: null,
      enableReadyCheck: true,
      enableAutoPipelining: true,
    });
    const connection = this.connection;
    this.workers = fetchLoopConcurrencies(this.options.deliveryConcurrency).map((concurrency) => {
      const worker = new Worker(
        QueueName.WebhookDelivery,
        (job: DeliverJob, token?: string) => this.process(job, token),
        {
          connection,
          concurrency,
          // Longer than one attempt can take, so a slow receiver does not make the job look stalled.
          lockDuration: this.options.timeoutMs * 2 + 30_000,
          settings: {
            backoffStrategy: (attemptsMade: number, _type?: string, error?: Error, job?: MinimalJob) =>
              retryDelayMs(
                schedule,
                attemptsMade + attemptsBefore(job?.data),
                error instanceof DeliveryRetryError ? error.retryAfterMs : undefined,
              ),
          },
        },
      );
      worker.on('error', (error) => this.logger.error({ msg: 'delivery worker error', err: error.message }));
      return worker;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Lets in-flight attempts finish and get logged before connections close.
    await Promise.all(this.workers.map((worker) => worker.close()));
    await this.connection?.quit().catch(() => undefined);
  }

  private async process(job: DeliverJob, token?: string): Promise<DeliveryOutcome> {
    if (job.name !== JobName.WebhookDeliver) throw new UnrecoverableError(`unexpected job ${String(job.name)}`);
    // A job that continues a failed first attempt has attempts = schedule length - attemptsBefore.
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await runWithCorrelation(job.data.correlationId, () =>
      this.deliveries.deliver({ messageId: job.data.messageId, endpointId: job.data.endpointId, lastAttempt }),
    );
    const context = {
      messageId: job.data.messageId,
      endpointId: job.data.endpointId,
      correlationId: job.data.correlationId,
    };
    switch (outcome.result) {
      case 'delivered':
        this.logger.log({ msg: 'webhook delivered', ...context, attempt: outcome.attemptNumber });
        return outcome;
      case 'throttled':
        // Back to the delayed set without spending an attempt, freeing this worker slot for other endpoints.
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        throw new DelayedError();
      case 'waiting':
        // Parked without spending an attempt until the earlier message ends (which promotes this job).
        await job.moveToDelayed(Date.now() + outcome.delayMs, token);
        // The earlier message may have ended between our check and parking, and its wake-up found
        // this job still running: look once more so the line does not stall for the whole wait.
        if (!(await this.deliveries.stillPending(outcome.waitingFor))) await job.promote().catch(() => undefined);
        throw new DelayedError();
      case 'skipped':
        this.logger.log({ msg: 'webhook delivery skipped', ...context, reason: outcome.reason });
        return outcome;
      case 'retry':
        this.logger.warn({
          msg: 'webhook attempt failed; will retry',
          ...context,
          attempt: outcome.attemptNumber,
          reason: outcome.reason,
        });
        throw new DeliveryRetryError(outcome.reason, outcome.retryAfterMs);
      case 'gave-up':
        this.logger.warn({
          msg: 'webhook delivery failed',
          ...context,
          attempt: outcome.attemptNumber,
          reason: outcome.reason,
        });
        throw new UnrecoverableError(outcome.reason);
    }
  }
}

/** Job slots per fetch loop: above this, another loop claims jobs in parallel. */
const SLOTS_PER_FETCH_LOOP = 16;
const MAX_FETCH_LOOPS = 8;

/**
 * Splits the process's delivery concurrency over several BullMQ workers. One worker claims jobs one
 * round trip after another, so a burst of N new jobs would start over N round trips; with several
 * workers (sharing one connection for commands, each with its own blocking one) they are claimed in
 * parallel. The total concurrency is unchanged.
 */
export function fetchLoopConcurrencies(total: number): number[] {
  const loops = Math.max(1, Math.min(MAX_FETCH_LOOPS, Math.ceil(total / SLOTS_PER_FETCH_LOOP)));
  return Array.from({ length: loops }, (_, index) => Math.floor(total / loops) + (index < total % loops ? 1 : 0));
}

/** Attempts a job's message had before the job existed (see WebhookDeliverJob.attemptsBefore). */
function attemptsBefore(data: unknown): number {
  const value = (data as { attemptsBefore?: unknown } | undefined)?.attemptsBefore;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}
