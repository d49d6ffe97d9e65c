import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName, type JobOf } from '@so/contracts';
import { createRedisConnection, runWithCorrelation } from '@so/shared';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DeliverToIntegrationService, type DeliverOutcome } from '../deliver/deliver-to-integration.service.js';
import { INTEGRATION_DISPATCH_OPTIONS, type IntegrationDispatchOptions } from '../integration-dispatch.options.js';

type DeliverJob = Job<JobOf<JobName.IntegrationDeliver>, DeliverOutcome, JobName.IntegrationDeliver>;

/**
 * Consumer side of the dispatch queue: maps the delivery outcome to BullMQ. A retryable failure
 * throws (exponential backoff), a final one throws UnrecoverableError, and an open circuit moves
 * the job back to the delayed set until the cooldown ends without spending an attempt.
 */
@Injectable()
export class IntegrationDispatchWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IntegrationDispatchWorker.name);
  private worker?: Worker<JobOf<JobName.IntegrationDeliver>, DeliverOutcome, JobName.IntegrationDeliver>;
  private connection?: Redis;

  constructor(
    @Inject(INTEGRATION_DISPATCH_OPTIONS) private readonly options: IntegrationDispatchOptions,
    private readonly deliveries: DeliverToIntegrationService,
  ) {}

  onApplicationBootstrap(): void {
    // A dedicated connection: the worker blocks on it waiting for jobs.
    this.connection = createRedisConnection(this.options.redisUrl, 'integration-dispatch-worker');
    this.worker = new Worker(QueueName.IntegrationDispatch, (job: DeliverJob, token?: string) => this.process(job, token), {
      connection: this.connection,
      concurrency: this.options.concurrency,
      // Longer than one push of a large batch to a slow tracker can take.
      lockDuration: this.options.timeoutMs * 4 + 30_000,
    });
    this.worker.on('error', (error) => this.logger.error({ msg: 'dispatch worker error', err: error.message }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    // In-flight pushes finish and get recorded before connections close.
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
  }

  private async process(job: DeliverJob, token?: string): Promise<DeliverOutcome> {
    if (job.name !== JobName.IntegrationDeliver) throw new UnrecoverableError(`unexpected job ${String(job.name)}`);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await runWithCorrelation(job.data.correlationId, () =>
      this.deliveries.deliver({ deliveryId: job.data.deliveryId, lastAttempt }),
    );
    const context = { deliveryId: job.data.deliveryId, integrationId: job.data.integrationId, correlationId: job.data.correlationId };
    switch (outcome.result) {
      case 'delivered':
        this.logger.log({ msg: 'findings pushed', ...context, sent: outcome.sent, alreadyDone: outcome.alreadyDone });
        return outcome;
      case 'skipped':
        this.logger.log({ msg: 'push skipped', ...context, reason: outcome.reason });
        return outcome;
      case 'wait':
        await job.moveToDelayed(outcome.retryAt.getTime(), token);
        throw new DelayedError();
      case 'retry':
        this.logger.warn({ msg: 'push failed; will retry', ...context, attempt: job.attemptsMade + 1, reason: outcome.reason });
        throw new Error(outcome.reason);
      case 'gave-up':
        this.logger.warn({ msg: 'push failed', ...context, attempt: job.attemptsMade + 1, reason: outcome.reason });
        throw new UnrecoverableError(outcome.reason);
    }
  }
}
