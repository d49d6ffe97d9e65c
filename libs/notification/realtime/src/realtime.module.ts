import { Module, type DynamicModule } from '@nestjs/common';
import { REALTIME_OPTIONS, type RealtimeOptions } from './realtime.options.js';
import { RealtimeClientGateway } from './realtime-client.gateway.js';
import { RealtimeEventConsumer } from './realtime-event.consumer.js';
import { RealtimeFanoutService } from './realtime-fanout.service.js';
import { RealtimePreferencesStore } from './realtime-preferences.store.js';
import { RealtimeRedis } from './realtime-redis.js';
import { RealtimeSubscriptionService } from './realtime-subscription.service.js';
import { SocketServerHost } from './socket-server.host.js';
import { AnalysisStarter } from './start-analysis/analysis-starter.js';
import { StartAnalysisUseCase } from './start-analysis/start-analysis.usecase.js';
import { UpdatePreferencesUseCase } from './update-preferences.usecase.js';

/** socket.io namespaces, client subscriptions and the domain-event fan-out. */
@Module({})
export class RealtimeModule {
  static forRoot(options: RealtimeOptions): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        { provide: REALTIME_OPTIONS, useValue: options },
        RealtimeRedis,
        RealtimeSubscriptionService,
        RealtimePreferencesStore,
        UpdatePreferencesUseCase,
        AnalysisStarter,
        StartAnalysisUseCase,
        RealtimeClientGateway,
        SocketServerHost,
        RealtimeFanoutService,
        RealtimeEventConsumer,
      ],
      exports: [RealtimeRedis],
    };
  }
}
