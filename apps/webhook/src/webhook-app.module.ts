import { type DynamicModule, type LoggerService, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@so/shared';
import { webhookGraphqlOptions, WebhookRuntimeModule, type WebhookRuntimeDependencies } from '@so/webhook-common';
import { SecurityAnalysisReference, WebhookDeliveryModule } from '@so/webhook-delivery';
import { WebhookEndpointsModule } from '@so/webhook-endpoints';
import { WebhookInboundModule } from '@so/webhook-inbound';
import { WebhookHealthController } from './health/webhook-health.controller.js';

@Module({})
export class WebhookAppModule {
  static forRoot(dependencies: WebhookRuntimeDependencies, logger: LoggerService): DynamicModule {
    return {
      module: WebhookAppModule,
      imports: [
        WebhookRuntimeModule.forRoot(dependencies),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
        GraphQLModule.forRoot(
          webhookGraphqlOptions(dependencies.options.internalToken, logger, [SecurityAnalysisReference]),
        ),
        WebhookEndpointsModule,
        WebhookDeliveryModule,
        WebhookInboundModule,
      ],
      controllers: [WebhookHealthController],
      providers: [RedisHealthIndicator],
    };
  }
}
