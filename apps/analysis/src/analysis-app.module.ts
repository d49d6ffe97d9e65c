import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalysisApiModule } from '@so/analysis-api';
import { ANALYSIS_ENTITIES, ANALYSIS_MIGRATIONS, ANALYSIS_SCHEMA } from '@so/analysis-data-access';
import { AnalysisFeatureModule, createAnalysisEngine } from '@so/analysis-feature';
import { outboxPruningOptions, RedisHealthIndicator, runMigrationsWithLock, serviceDataSourceOptions } from '@so/shared';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { aiAnalyzerSettings } from './config/ai-analysis.config.js';
import type { AnalysisConfig } from './config/analysis.config.js';
import { HealthController } from './health/health.controller.js';

/** PENDING analyses older than this at worker start are queued again (their job may be lost). */
const REQUEUE_PENDING_AFTER_MS = 60_000;

@Module({})
export class AnalysisAppModule {
  static forRoot(config: AnalysisConfig): DynamicModule {
    return {
      module: AnalysisAppModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...serviceDataSourceOptions({
              url: config.DATABASE_URL,
              schema: ANALYSIS_SCHEMA,
              entities: ANALYSIS_ENTITIES,
              migrations: ANALYSIS_MIGRATIONS,
              poolSize: config.DATABASE_POOL_SIZE,
              applicationName: 'analysis',
            }),
            // A bad DATABASE_URL should fail the start in seconds, not after ten slow retries.
            retryAttempts: 3,
            retryDelay: 1000,
          }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('TypeORM options missing');
            const dataSource = await new DataSource(options).initialize();
            try {
              await runMigrationsWithLock(dataSource, ANALYSIS_SCHEMA);
            } catch (error) {
              await dataSource.destroy().catch(() => undefined);
              throw error;
            }
            return dataSource;
          },
        }),
        TerminusModule,
        AnalysisFeatureModule.forRoot({
          redisUrl: config.REDIS_URL,
          engine: createAnalysisEngine(config.ANALYSIS_ENGINE),
          targetAllowList: config.TARGET_ALLOWLIST,
          workerConcurrency: config.ANALYSIS_WORKER_CONCURRENCY,
          progressIntervalMs: config.ANALYSIS_PROGRESS_INTERVAL_MS,
          requeuePendingAfterMs: REQUEUE_PENDING_AFTER_MS,
          aiAnalysis: aiAnalyzerSettings(config),
          outboxPruning: outboxPruningOptions(config),
        }),
        AnalysisApiModule.forRoot({ internalToken: config.INTERNAL_TOKEN }),
      ],
      controllers: [HealthController],
      providers: [RedisHealthIndicator],
    };
  }
}
