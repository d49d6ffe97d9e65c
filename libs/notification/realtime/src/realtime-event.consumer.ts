import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DOMAIN_EVENT_STREAM } from '@so/contracts';
import { EventBusConsumer } from '@so/shared';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import { FANOUT_EVENT_TYPES, RealtimeFanoutService } from './realtime-fanout.service.js';
import { RealtimeRedis } from './realtime-redis.js';

export const NOTIFICATION_CONSUMER_GROUP = 'notification';

/** How long boot waits for Redis before failing (ioredis would otherwise queue commands forever). */
const STARTUP_TIMEOUT_MS = 10_000;

/**
 * Reads the domain event stream in the `notification` consumer group: each event goes to one
 * instance, which emits it once; the Redis adapter shares it with the other instances' sockets.
 */
@Injectable()
export class RealtimeEventConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeEventConsumer.name);
  private consumer?: EventBusConsumer;
  private readonly consumerName: string;

  constructor(
    @Inject(REALTIME_OPTIONS) options: RealtimeOptions,
    private readonly redis: RealtimeRedis,
    private readonly fanout: RealtimeFanoutService,
  ) {
    this.consumerName = `notification-${options.instanceId}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = new EventBusConsumer(this.redis.events, {
      group: NOTIFICATION_CONSUMER_GROUP,
      consumer: this.consumerName,
      types: FANOUT_EVENT_TYPES,
      handle: async (event) => {
        this.fanout.publish(event);
      },
      onError: (error, event) =>
        this.logger.error({ eventId: event?.id, eventType: event?.type, err: error instanceof Error ? error.message : String(error) }, 'event fan-out failed'),
    });
    await withTimeout(this.joinAtTail().then(() => consumer.start()), STARTUP_TIMEOUT_MS, 'Redis did not answer while joining the event stream');
    this.consumer = consumer;
  }

  /**
   * Creates the group at the stream's end when it does not exist yet. The shared consumer starts a
   * new group at the beginning, which suits durable consumers; a first deploy of this service would
   * then push the whole retained history to sockets, which nobody can be subscribed to.
   */
  private async joinAtTail(): Promise<void> {
    try {
      await this.redis.pub.xgroup('CREATE', DOMAIN_EVENT_STREAM, NOTIFICATION_CONSUMER_GROUP, '$', 'MKSTREAM');
    } catch (error) {
      if (!String(error).includes('BUSYGROUP')) throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.consumer = undefined;
    await consumer.stop();
    // Real-time delivery is best effort: forget this instance so the group does not collect dead consumers.
    await this.redis.pub.xgroup('DELCONSUMER', DOMAIN_EVENT_STREAM, NOTIFICATION_CONSUMER_GROUP, this.consumerName).catch(() => undefined);
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
