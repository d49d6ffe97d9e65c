import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AnalysisRepository } from '@so/analysis-data-access';
import { QueueName, type AnalysisRunJob } from '@so/contracts';
import { runWithCorrelation } from '@so/shared';
import { WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  ANALYSIS_FEATURE_OPTIONS,
  ANALYSIS_REDIS,
  type AnalysisFeatureOptions,
} from '../../analysis-feature.options.js';
import { AnalysisRunQueue, ANALYSIS_RUN_ATTEMPTS } from '../../queue/analysis-run.queue.js';
import { AnalysisInterruptedError } from './analysis-interrupted.error.js';
import { RunAnalysisService } from './run-analysis.service.js';
import { RunningAnalyses } from './running-analyses.js';

/**
 * BullMQ worker of the `analysis-run` queue: maps a job to RunAnalysisService. Started once the
 * application is up; stopped first at shutdown (running analyses are aborted and their jobs put
 * back in the queue, so another worker or the next start finishes them).
 */
@Injectable()
export class AnalysisRunProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AnalysisRunProcessor.name);
  private worker?: Worker<AnalysisRunJob, void>;
  private connection?: Redis;
  private requeueTimer?: NodeJS.Timeout;

  constructor(
    @Inject(ANALYSIS_FEATURE_OPTIONS) private readonly options: AnalysisFeatureOptions,
    @Inject(ANALYSIS_REDIS) private readonly redis: Redis,
    private readonly runAnalysis: RunAnalysisService,
    private readonly running: RunningAnalyses,
    private readonly analyses: AnalysisRepository,
    private readonly queue: AnalysisRunQueue,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.workerConcurrency === 0) return;
    this.connection = this.redis.duplicate({ connectionName: 'analysis-worker' });
    this.connection.on('error', (error: Error) => this.logger.warn(`worker connection: ${error.message}`));
    this.worker = new Worker<AnalysisRunJob, void>(QueueName.AnalysisRun, (job, token) => this.process(job, token), {
      connection: this.connection,
      concurrency: this.options.workerConcurrency,
    });
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
    this.worker.on('failed', (job, error) => this.logger.warn(`job ${job?.id ?? '?'} failed: ${error.message}`));
    void this.requeuePending();
    this.requeueTimer = setInterval(() => void this.requeuePending(), this.options.requeuePendingAfterMs);
    this.requeueTimer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (!this.worker) return;
    clearInterval(this.requeueTimer);
    // close() stops fetching at once; aborting then makes the active runs hand their jobs back.
    const closed = this.worker.close();
    this.running.stop('shutdown');
    await closed;
    await this.connection?.quit().catch(() => this.connection?.disconnect());
    this.worker = undefined;
  }

  private process(job: Job<AnalysisRunJob, void>, token: string | undefined): Promise<void> {
    return runWithCorrelation(job.data.correlationId, async () => {
      try {
        await this.runAnalysis.execute(job.data);
      } catch (error) {
        if (error instanceof AnalysisInterruptedError) {
          // Back to the queue without using up an attempt.
          await job.moveToWait(token);
          throw new WaitingError();
        }
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? ANALYSIS_RUN_ATTEMPTS)) {
          await this.runAnalysis.giveUp(job.data, error).catch((cause: unknown) => this.logger.error(cause));
        }
        throw error;
      }
    });
  }

  /**
   * Analyses recorded while Redis was away may have no job; queue them again (the job id is the
   * analysis id, so an existing job is left alone). Runs at start and then periodically.
   */
  private async requeuePending(): Promise<void> {
    try {
      const pending = await this.analyses.findPendingCreatedBefore(
        new Date(Date.now() - this.options.requeuePendingAfterMs),
        1000,
      );
      for (const analysis of pending) {
        await this.queue.enqueue({
          analysisId: analysis.id,
          orgId: analysis.orgId,
          projectId: analysis.projectKey,
          correlationId: analysis.correlationId,
        });
      }
      if (pending.length > 0) this.logger.log(`re-queued ${pending.length} pending analyses`);
    } catch (error) {
      this.logger.warn(`could not re-queue pending analyses: ${(error as Error).message}`);
    }
  }
}
