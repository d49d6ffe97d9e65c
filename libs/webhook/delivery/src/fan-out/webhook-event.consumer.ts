import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createRedisConnection, EventBusConsumer } from '@so/shared';
import { WEBHOOK_OPTIONS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { EventFanOutService } from './event-fan-out.service.js';

/** Consumer group of the webhook service on the domain event stream. */
export const WEBHOOK_CONSUMER_GROUP = 'webhook';

/** Reads every domain event (consumer group `webhook`) and hands it to the fan-out. */
@Injectable()
export class WebhookEventConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookEventConsumer.name);
  private consumer?: EventBusConsumer;

  constructor(
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookRuntimeOptions,
    private readonly fanOut: EventFanOutService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Dedicated connection: XREADGROUP BLOCK holds it, and stop() disconnects it.
    const redis = createRedisConnection(this.options.redisUrl, 'webhook-events');
    this.consumer = new EventBusConsumer(redis, {
      group: WEBHOOK_CONSUMER_GROUP,
      consumer: this.options.instanceId,
      // Fan-out of one event does not depend on another's: overlapping their database round trips
      // is what lets one process keep up with hundreds of events per second.
      concurrency: 16,
      handle: async (event) => {
        await this.fanOut.handle(event);
      },
      onError: (error, event) =>
        this.logger.error({
          msg: 'event fan-out failed; the event stays pending and is retried',
          eventId: event?.id,
          type: event?.type,
          err: error instanceof Error ? error.message : String(error),
        }),
    });
    try {
      await this.consumer.start();
    } catch (error) {
      redis.disconnect();
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
