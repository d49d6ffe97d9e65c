import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName, type JobOf } from '@so/contracts';
import { IntegrationRedis } from '@so/integration-events';
import { Queue } from 'bullmq';
import { INTEGRATION_DISPATCH_OPTIONS, type IntegrationDispatchOptions } from '../integration-dispatch.options.js';

export interface DeliveryToRun {
  deliveryId: string;
  integrationId: string;
  correlationId: string;
}

/** Producer side of the dispatch queue. The job id is the delivery id, so enqueuing twice is a no-op. */
@Injectable()
export class IntegrationDispatchQueue implements OnApplicationShutdown {
  private readonly queue: Queue<JobOf<JobName.IntegrationDeliver>, unknown, JobName.IntegrationDeliver>;

  constructor(
    redis: IntegrationRedis,
    @Inject(INTEGRATION_DISPATCH_OPTIONS) private readonly options: IntegrationDispatchOptions,
  ) {
    this.queue = new Queue(QueueName.IntegrationDispatch, { connection: redis.commands });
  }

  async enqueue(deliveries: readonly DeliveryToRun[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: JobName.IntegrationDeliver,
        data: { deliveryId: delivery.deliveryId, integrationId: delivery.integrationId, correlationId: delivery.correlationId },
        opts: {
          jobId: delivery.deliveryId,
          attempts: this.options.maxAttempts,
          backoff: { type: 'exponential', delay: this.options.retryBaseMs, jitter: 0.2 },
          // Finished jobs stay a while so a re-consumed event cannot run the same delivery again.
          removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
          removeOnFail: { age: 30 * 24 * 3600, count: 100_000 },
        },
      })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
