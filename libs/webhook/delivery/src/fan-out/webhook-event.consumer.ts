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

/** Stream entries read (and fanned out together) at once. */
const FAN_OUT_READ_SIZE = 200;

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
      // The whole read is handed over at once, in stream order: the fan-out turns the events it
      // receives together into one INSERT and one queue write (and numbers messages in event order).
      batchSize: FAN_OUT_READ_SIZE,
      concurrency: FAN_OUT_READ_SIZE,
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
