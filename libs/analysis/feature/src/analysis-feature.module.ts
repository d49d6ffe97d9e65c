import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ANALYSIS_REPOSITORIES } from '@so/analysis-data-access';
import { createRedisConnection, ServiceOutbox, type OutboxPruningOptions } from '@so/shared';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ANALYSIS_FEATURE_OPTIONS, ANALYSIS_REDIS, type AnalysisFeatureOptions } from './analysis-feature.options.js';
import { ANALYSIS_ENGINE, type AnalysisEngine } from './engine/analysis-engine.js';
import { AnalysisRunQueue } from './queue/analysis-run.queue.js';
import { AnalysisStatusChannel } from './status/analysis-status.channel.js';
import { AnalyzeSecurityService } from './usecases/analyze-security/analyze-security.service.js';
import { AssessFindingsService } from './usecases/assess-findings/assess-findings.service.js';
import { RenderReportService } from './usecases/render-report/render-report.service.js';
import { TriageFindingService } from './usecases/triage-finding/triage-finding.service.js';
import { AwaitAnalysisService } from './usecases/await-analysis/await-analysis.service.js';
import { CheckHealthService } from './usecases/check-health/check-health.service.js';
import { CancelAnalysisService } from './usecases/cancel-analysis/cancel-analysis.service.js';
import { GetAnalysisService } from './usecases/get-analysis/get-analysis.service.js';
import { GetProjectService } from './usecases/get-project/get-project.service.js';
import { AnalysisRunProcessor } from './usecases/run-analysis/analysis-run.processor.js';
import { RunAnalysisService } from './usecases/run-analysis/run-analysis.service.js';
import { RunningAnalyses } from './usecases/run-analysis/running-analyses.js';
import { StartAnalysisService } from './usecases/start-analysis/start-analysis.service.js';
import { AnalysisBatchReader } from './usecases/batch-load/analysis-batch-reader.service.js';
import { GetDashboardMetricsService } from './usecases/get-dashboard-metrics/get-dashboard-metrics.service.js';
import { ListAnalysesService } from './usecases/list-analyses/list-analyses.service.js';
import { ListProjectAnalysesService } from './usecases/list-project-analyses/list-project-analyses.service.js';
import { SearchVulnerabilitiesService } from './usecases/search-vulnerabilities/search-vulnerabilities.service.js';
import { UpdateAnalysisConfigService } from './usecases/update-analysis-config/update-analysis-config.service.js';

export interface AnalysisFeatureModuleOptions extends AnalysisFeatureOptions {
  redisUrl: string;
  engine: AnalysisEngine;
  /** When published `analysis.outbox_events` rows are deleted. */
  outboxPruning: OutboxPruningOptions;
}

/** Closes the shared Redis connection last, after every user of it stopped. */
@Injectable()
class RedisConnectionCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('AnalysisRedis');

  constructor(@Inject(ANALYSIS_REDIS) private readonly redis: Redis) {
    redis.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Redis must answer at boot: a wrong REDIS_URL fails the start with a clear message instead of hanging. */
async function connectRedis(url: string, timeoutMs = 10_000): Promise<Redis> {
  const redis = createRedisConnection(url, 'analysis');
  let lastError = 'no answer';
  const onError = (error: Error) => (lastError = error.message || error.name);
  redis.on('error', onError);
  try {
    await new Promise<void>((resolve, reject) => {
      if (redis.status === 'ready') return resolve();
      const timer = setTimeout(() => reject(new Error()), timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return redis;
  } catch {
    redis.disconnect();
    const where = new URL(url);
    throw new Error(`cannot reach Redis at ${where.host} within ${timeoutMs} ms (${lastError}); check REDIS_URL`);
  }
}

const USE_CASES = [
  StartAnalysisService,
  GetAnalysisService,
  CancelAnalysisService,
  AwaitAnalysisService,
  AnalyzeSecurityService,
  GetProjectService,
  RunAnalysisService,
  CheckHealthService,
  AssessFindingsService,
  TriageFindingService,
  RenderReportService,
  ListProjectAnalysesService,
  ListAnalysesService,
  GetDashboardMetricsService,
  SearchVulnerabilitiesService,
  UpdateAnalysisConfigService,
  AnalysisBatchReader,
];

/**
 * The analysis use cases, the `analysis-run` worker and the outbox relay. Expects a TypeORM
 * DataSource (TypeOrmModule) in the application.
 */
@Module({})
export class AnalysisFeatureModule {
  static forRoot(options: AnalysisFeatureModuleOptions): DynamicModule {
    const { redisUrl, engine, outboxPruning, ...featureOptions } = options;
    return {
      module: AnalysisFeatureModule,
      // Transports (gRPC, GraphQL) and health in other modules use the use cases.
      global: true,
      providers: [
        { provide: ANALYSIS_FEATURE_OPTIONS, useValue: featureOptions },
        { provide: ANALYSIS_ENGINE, useValue: engine },
        { provide: ANALYSIS_REDIS, useFactory: () => connectRedis(redisUrl) },
        RedisConnectionCloser,
        ...ANALYSIS_REPOSITORIES,
        AnalysisStatusChannel,
        AnalysisRunQueue,
        {
          // Publishes the outbox (writers call wake() after each commit) and prunes what was published.
          provide: ServiceOutbox,
          inject: [DataSource, ANALYSIS_REDIS],
          useFactory: (dataSource: DataSource, redis: Redis) => new ServiceOutbox(dataSource, redis, outboxPruning),
        },
        RunningAnalyses,
        AnalysisRunProcessor,
        ...USE_CASES,
      ],
      exports: [ANALYSIS_REDIS, ...USE_CASES],
    };
  }
}
