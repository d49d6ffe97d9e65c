import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@so/shared';
import { ApiKeysController } from './api-keys/api-keys.controller.js';
import { AnalysisReportController } from './analysis/analysis-report.controller.js';
import { AnalysesListingController } from './analysis/analyses-listing.controller.js';
import { ListAnalysesUseCase } from './analysis/list-analyses.usecase.js';
import { AnalysisController } from './analysis/analysis.controller.js';
import { DownloadReportUseCase } from './analysis/download-report.usecase.js';
import { FindingsController } from './analysis/findings.controller.js';
import { UpdateFindingStatusUseCase } from './analysis/update-finding-status.usecase.js';
import { CancelAnalysisUseCase } from './analysis/cancel-analysis.usecase.js';
import { GetAnalysisUseCase } from './analysis/get-analysis.usecase.js';
import { StartAnalysisUseCase } from './analysis/start-analysis.usecase.js';
import { OpenSseStreams } from './events/open-sse-streams.js';
import { SecurityEventsController } from './events/security-events.controller.js';
import { DependencyChecks } from './health/dependency-checks.js';
import { GatewayReadinessService } from './health/gateway-readiness.service.js';
import { HealthController } from './health/health.controller.js';
import { IssueRealtimeTokenUseCase } from './realtime/issue-realtime-token.usecase.js';
import { RealtimeTokensController } from './realtime/realtime-tokens.controller.js';
import { CreateIntegrationUseCase } from './integrations/create-integration.usecase.js';
import { GetIntegrationStatusUseCase } from './integrations/get-integration-status.usecase.js';
import { IntegrationsController } from './integrations/integrations.controller.js';
import { GATEWAY_REST_OPTIONS, type GatewayRestOptions } from './rest.options.js';
import { GatewayWebhooksRestModule } from './webhooks/webhooks-rest.module.js';

/**
 * REST `/api/v1` and the health endpoints. Needs the identity, auth, gRPC and federation modules
 * (global) in the same application.
 */
@Module({})
export class GatewayRestModule {
  static forRoot(options: GatewayRestOptions): DynamicModule {
    return {
      module: GatewayRestModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }), GatewayWebhooksRestModule],
      controllers: [
        AnalysisController,
        AnalysesListingController,
        FindingsController,
        AnalysisReportController,
        IntegrationsController,
        RealtimeTokensController,
        ApiKeysController,
        SecurityEventsController,
        HealthController,
      ],
      providers: [
        { provide: GATEWAY_REST_OPTIONS, useValue: options },
        RedisHealthIndicator,
        StartAnalysisUseCase,
        GetAnalysisUseCase,
        ListAnalysesUseCase,
        CancelAnalysisUseCase,
        UpdateFindingStatusUseCase,
        DownloadReportUseCase,
        CreateIntegrationUseCase,
        GetIntegrationStatusUseCase,
        IssueRealtimeTokenUseCase,
        OpenSseStreams,
        DependencyChecks,
        GatewayReadinessService,
      ],
    };
  }
}
