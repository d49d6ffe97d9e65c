import { Module } from '@nestjs/common';
import { WEBHOOK_OPTIONS, WEBHOOK_REDIS, type WebhookRuntimeOptions } from '@so/webhook-common';
import { OutboundAddressGuard, ServiceOutbox } from '@so/shared';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { DeliverMessageService } from './deliver/deliver-message.service.js';
import { DeliveryLogRepository } from './deliver/delivery-log.repository.js';
import { EventFanOutService } from './fan-out/event-fan-out.service.js';
import { WebhookEventConsumer } from './fan-out/webhook-event.consumer.js';
import { DeliveryLoaderRegistry } from './graphql/delivery-loader.registry.js';
import { SecurityAnalysisDeliveriesResolver } from './graphql/security-analysis-deliveries.resolver.js';
import { WebhookCleanupService } from './maintenance/webhook-cleanup.service.js';
import { WebhookMaintenanceScheduler } from './maintenance/webhook-maintenance.scheduler.js';
import { DeliveryQueryService } from './query/delivery-query.service.js';
import { MessageQueryService } from './query/message-query.service.js';
import { AttemptQueryService } from './query/attempt-query.service.js';
import { WebhookReplayService } from './replay/webhook-replay.service.js';
import { WebhookReplayResolver } from './graphql/webhook-replay.resolver.js';
import { WebhookOperationsGrpcController } from './grpc/webhook-operations.grpc.controller.js';
import { WebhookDeliveryQueue } from './queue/webhook-delivery.queue.js';
import { WebhookDeliveryWorker } from './queue/webhook-delivery.worker.js';
import { EndpointThrottle } from './throttle/endpoint-throttle.js';
import { WebhookHttpClient } from './send/webhook-http.client.js';
import { SigningKeyCache } from './send/signing-key.cache.js';
import { ClaimSweeper } from './direct/claim.sweeper.js';
import { FirstAttemptDispatcher } from './direct/first-attempt.dispatcher.js';
import { FirstAttemptService } from './direct/first-attempt.service.js';
import { MessageClaims } from './direct/message-claims.js';
import { EndpointStatsService } from './stats/endpoint-stats.service.js';
import { SendTestEventService } from './test-event/send-test-event.service.js';
import { TestMessageLookup } from './test-event/test-message.lookup.js';
import { WebhookEndpointToolsResolver } from './graphql/webhook-endpoint-tools.resolver.js';

/**
 * Event consumption → messages → signed deliveries with an attempt log (first attempts sent at once,
 * retries and ordered endpoints through the queue), plus the `SecurityAnalysis.webhookDeliveries`
 * subgraph field. Needs WebhookRuntimeModule.
 */
@Module({
  controllers: [WebhookOperationsGrpcController],
  providers: [
    {
      provide: OutboundAddressGuard,
      inject: [WEBHOOK_OPTIONS],
      useFactory: (options: WebhookRuntimeOptions) => new OutboundAddressGuard(options.allowlist, 'WEBHOOK_ALLOWLIST'),
    },
    {
      provide: WebhookHttpClient,
      inject: [OutboundAddressGuard, WEBHOOK_OPTIONS],
      useFactory: (guard: OutboundAddressGuard, options: WebhookRuntimeOptions) => new WebhookHttpClient(guard, options.timeoutMs),
    },
    DeliveryLogRepository,
    SigningKeyCache,
    MessageClaims,
    FirstAttemptService,
    FirstAttemptDispatcher,
    ClaimSweeper,
    EndpointThrottle,
    DeliverMessageService,
    EventFanOutService,
    WebhookDeliveryQueue,
    WebhookDeliveryWorker,
    WebhookEventConsumer,
    {
      // Publishes webhook.endpoint_disabled from the outbox and prunes what was published.
      provide: ServiceOutbox,
      inject: [DataSource, WEBHOOK_REDIS, WEBHOOK_OPTIONS],
      useFactory: (dataSource: DataSource, redis: Redis, options: WebhookRuntimeOptions) => new ServiceOutbox(dataSource, redis, options.outboxPruning),
    },
    WebhookCleanupService,
    WebhookMaintenanceScheduler,
    DeliveryQueryService,
    MessageQueryService,
    AttemptQueryService,
    WebhookReplayService,
    WebhookReplayResolver,
    SendTestEventService,
    EndpointStatsService,
    TestMessageLookup,
    WebhookEndpointToolsResolver,
    DeliveryLoaderRegistry,
    SecurityAnalysisDeliveriesResolver,
  ],
  exports: [EventFanOutService, DeliverMessageService, DeliveryQueryService, WebhookDeliveryQueue],
})
export class WebhookDeliveryModule {}
