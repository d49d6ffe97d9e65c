import { Module, type DynamicModule } from '@nestjs/common';
import { IntegrationEventRepository } from '@so/integration-data-access';
import { INTEGRATION_EVENTS_OPTIONS, type IntegrationEventsOptions } from './integration-events.options.js';
import { IntegrationEventConsumer } from './integration-event.consumer.js';
import { IntegrationEventQueryService } from './integration-event-query.service.js';
import { IntegrationEventRecorder } from './integration-event.recorder.js';
import { IntegrationRedis } from './integration-redis.js';

/** Recording of domain events (consumer group `integration`) and reading them back. Needs a TypeORM DataSource. */
@Module({})
export class IntegrationEventsModule {
  static forRoot(options: IntegrationEventsOptions): DynamicModule {
    return {
      module: IntegrationEventsModule,
      global: true,
      providers: [
        { provide: INTEGRATION_EVENTS_OPTIONS, useValue: options },
        IntegrationRedis,
        IntegrationEventRepository,
        IntegrationEventRecorder,
        IntegrationEventQueryService,
        IntegrationEventConsumer,
      ],
      exports: [IntegrationRedis, IntegrationEventQueryService, IntegrationEventRecorder],
    };
  }
}
