import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventBusConsumer } from '@so/shared';
import { RECORDED_EVENT_TYPES } from '@so/integration-data-access';
import { INTEGRATION_EVENTS_OPTIONS, type IntegrationEventsOptions } from './integration-events.options.js';
import { IntegrationEventRecorder } from './integration-event.recorder.js';
import { IntegrationRedis } from './integration-redis.js';
import { RECORDED_EVENT_LISTENER, type RecordedEventListener } from './recorded-event.listener.js';

export const INTEGRATION_CONSUMER_GROUP = 'integration';

/** How long boot waits for Redis before failing (ioredis would otherwise queue commands forever). */
const STARTUP_TIMEOUT_MS = 10_000;

/**
 * Reads the domain event stream in the `integration` consumer group, records the events connectors
 * act on and hands them to the listener (dispatch). An event is acknowledged only once recorded and
 * handed over, so a database or Redis outage delays it (it is retried) instead of losing it.
 */
@Injectable()
export class IntegrationEventConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IntegrationEventConsumer.name);
  private consumer?: EventBusConsumer;

  constructor(
    @Inject(INTEGRATION_EVENTS_OPTIONS) private readonly options: IntegrationEventsOptions,
    private readonly redis: IntegrationRedis,
    private readonly recorder: IntegrationEventRecorder,
    @Optional() @Inject(RECORDED_EVENT_LISTENER) private readonly listener?: RecordedEventListener,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumer = new EventBusConsumer(this.redis.events, {
      group: INTEGRATION_CONSUMER_GROUP,
      consumer: this.options.consumerName,
      types: RECORDED_EVENT_TYPES,
      batchSize: 200,
      // The events of a read are recorded together (one statement, see IntegrationEventRepository),
      // in stream order: an analysis' findings are committed no later than its completion.
      concurrency: 200,
      handle: async (event) => {
        const outcome = await this.recorder.record(event);
        if (outcome.kind !== 'invalid') await this.listener?.onRecorded(event, outcome);
      },
      onError: (error, event) =>
        this.logger.error({ eventId: event?.id, eventType: event?.type, err: error instanceof Error ? error.message : String(error) }, 'recording an event failed'),
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        consumer.start(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Redis did not answer within ${STARTUP_TIMEOUT_MS} ms while joining the event stream`)), STARTUP_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
    this.consumer = consumer;
  }

  async onModuleDestroy(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }
}
