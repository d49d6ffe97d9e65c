import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { JobName, QueueName, type JobOf } from '@so/contracts';
import { createRedisConnection, runWithCorrelation } from '@so/shared';
import { WEBHOOK_OPTIONS, WEBHOOK_REDIS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { WebhookCleanupService, type CleanupReport } from './webhook-cleanup.service.js';

const SCHEDULER_ID = 'webhook-cleanup';

/**
 * Registers the repeatable cleanup job (one schedule shared by every replica: BullMQ job schedulers
 * are idempotent on their id) and runs it with a single-slot worker.
 */
@Injectable()
export class WebhookMaintenanceScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookMaintenanceScheduler.name);
  // Untyped job name: BullMQ types the scheduler id with the job-name type.
  private readonly queue: Queue<JobOf<JobName.WebhookCleanup>, CleanupReport>;
  private worker?: Worker<JobOf<JobName.WebhookCleanup>, CleanupReport, JobName.WebhookCleanup>;
  private connection?: Redis;

  constructor(
    @Inject(WEBHOOK_REDIS) redis: Redis,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
    private readonly cleanup: WebhookCleanupService,
  ) {
    this.queue = new Queue(QueueName.WebhookMaintenance, { connection: redis });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SCHEDULER_ID,
      { every: this.options.cleanupIntervalMs },
      {
        name: JobName.WebhookCleanup,
        data: { correlationId: `cleanup-${randomUUID()}` },
        opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } },
      },
    );
    this.connection = createRedisConnection(this.options.redisUrl, 'webhook-maintenance-worker');
    this.worker = new Worker(
      QueueName.WebhookMaintenance,
      (job: Job<JobOf<JobName.WebhookCleanup>, CleanupReport, JobName.WebhookCleanup>) =>
        runWithCorrelation(job.data.correlationId, () => this.cleanup.run()),
      { connection: this.connection, concurrency: 1 },
    );
    this.worker.on('failed', (_job, error) => this.logger.error({ msg: 'webhook cleanup failed', err: error.message }));
    this.worker.on('error', (error) => this.logger.error({ msg: 'maintenance worker error', err: error.message }));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => undefined);
    await this.queue.close();
  }
}
