import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName, type JobOf } from '@so/contracts';
import { WEBHOOK_OPTIONS, WEBHOOK_REDIS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/** Name of the custom backoff; the worker's backoffStrategy implements it. */
export const WEBHOOK_BACKOFF_TYPE = 'webhook-schedule';

export interface MessageToDeliver {
  messageId: string;
  endpointId: string;
  /** Replays need a fresh job id (`<messageId>-r<n>`): finished jobs are kept, so the plain id would be deduplicated. */
  jobId?: string;
  /** The correlation id of the event behind this message; `enqueue`'s argument when absent. */
  correlationId?: string;
  /** Attempts already made (a failed first attempt sent from the fan-out); they count against the schedule. */
  attemptsBefore?: number;
  /** Wait before the job's first run; the schedule's first entry when absent. */
  delayMs?: number;
}

/** Producer side of the delivery queue. The job id is the message id, so enqueuing twice is a no-op. */
@Injectable()
export class WebhookDeliveryQueue implements OnApplicationShutdown {
  private readonly queue: Queue<JobOf<JobName.WebhookDeliver>, unknown, JobName.WebhookDeliver>;

  constructor(
    @Inject(WEBHOOK_REDIS) redis: Redis,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
  ) {
    this.queue = new Queue(QueueName.WebhookDelivery, { connection: redis });
  }

  async enqueue(messages: readonly MessageToDeliver[], correlationId: string): Promise<void> {
    if (messages.length === 0) return;
    const schedule = this.options.retryScheduleMs;
    await this.queue.addBulk(
      messages.map((message) => ({
        name: JobName.WebhookDeliver,
        data: {
          messageId: message.messageId,
          endpointId: message.endpointId,
          correlationId: message.correlationId ?? correlationId,
          ...(message.attemptsBefore ? { attemptsBefore: message.attemptsBefore } : {}),
        },
        opts: {
          jobId: message.jobId ?? message.messageId,
          attempts: Math.max(1, schedule.length - (message.attemptsBefore ?? 0)),
          delay: message.delayMs ?? schedule[0] ?? 0,
          backoff: { type: WEBHOOK_BACKOFF_TYPE },
          // Finished jobs stay a while so a re-consumed event cannot enqueue the same message again.
          removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
          removeOnFail: { age: 30 * 24 * 3600, count: 100_000 },
        },
      })),
    );
  }

  /**
   * Makes parked (delayed) jobs runnable now. Ids that do not exist, or jobs that are not delayed
   * (already waiting, running or finished), are left alone.
   */
  async promote(jobIds: readonly string[]): Promise<void> {
    await Promise.all(
      jobIds.map(async (jobId) => {
        const job = await this.queue.getJob(jobId);
        if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
