import { Module, type DynamicModule } from '@nestjs/common';
import { ConnectorHttpClient, ConnectorRegistry } from '@so/integration-connectors';
import {
  IntegrationDeliveryRepository,
  IntegrationEventRepository,
  IntegrationIssueRepository,
  IntegrationRepository,
} from '@so/integration-data-access';
import { IntegrationRedis, RECORDED_EVENT_LISTENER } from '@so/integration-events';
import { CredentialsCipher } from '@so/integration-management';
import { OutboundAddressGuard, ServiceOutbox } from '@so/shared';
import { DataSource } from 'typeorm';
import { DeliverToIntegrationService } from './deliver/deliver-to-integration.service.js';
import { INTEGRATION_DISPATCH_OPTIONS, type IntegrationDispatchOptions } from './integration-dispatch.options.js';
import { IntegrationDispatchQueue } from './queue/integration-dispatch.queue.js';
import { IntegrationDispatchWorker } from './queue/integration-dispatch.worker.js';
import { DeliveryScheduler } from './schedule/delivery.scheduler.js';
import { IntegrationHealthService } from './status/integration-health.service.js';

/** The connector HTTP pool, closed when the application shuts down (after the worker stopped). */
class ClosingConnectorHttpClient extends ConnectorHttpClient {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/**
 * Pushing findings to external systems: schedules a delivery per integration when an analysis
 * completes (as the event consumer's listener), runs them on the `integration-dispatch` queue, and
 * keeps each integration's circuit breaker and status (published through the outbox, which it relays and prunes).
 * Needs a TypeORM DataSource and IntegrationEventsModule (global).
 */
@Module({})
export class IntegrationDispatchModule {
  static forRoot(options: IntegrationDispatchOptions): DynamicModule {
    const http = new ClosingConnectorHttpClient(new OutboundAddressGuard(options.allowlist, 'INTEGRATION_ALLOWLIST'), options.timeoutMs);
    return {
      module: IntegrationDispatchModule,
      global: true,
      providers: [
        { provide: INTEGRATION_DISPATCH_OPTIONS, useValue: options },
        { provide: ConnectorHttpClient, useValue: http },
        { provide: ConnectorRegistry, useValue: new ConnectorRegistry(http) },
        { provide: CredentialsCipher, useValue: new CredentialsCipher(options.secretsKey) },
        IntegrationRepository,
        IntegrationEventRepository,
        IntegrationDeliveryRepository,
        IntegrationIssueRepository,
        {
          provide: ServiceOutbox,
          inject: [DataSource, IntegrationRedis],
          useFactory: (dataSource: DataSource, redis: IntegrationRedis) => new ServiceOutbox(dataSource, redis.commands, options.outboxPruning),
        },
        IntegrationHealthService,
        IntegrationDispatchQueue,
        IntegrationDispatchWorker,
        DeliverToIntegrationService,
        DeliveryScheduler,
        { provide: RECORDED_EVENT_LISTENER, useExisting: DeliveryScheduler },
      ],
      exports: [RECORDED_EVENT_LISTENER, IntegrationHealthService],
    };
  }
}
