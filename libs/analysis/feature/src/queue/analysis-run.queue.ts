import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName, type JobOf } from '@so/contracts';
import { MicroBatcher, PER_REQUEST_BATCHING } from '@so/shared';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ANALYSIS_REDIS } from '../analysis-feature.options.js';

type AnalysisRunData = JobOf<JobName.AnalysisRun>;

/** Infrastructure failures (database down) are retried; analysis failures never reach BullMQ. */
export const ANALYSIS_RUN_ATTEMPTS = 3;

const ENQUEUE_TIMEOUT_MS = 5000;

const JOB_OPTIONS: JobsOptions = {
  attempts: ANALYSIS_RUN_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Producer side of the `analysis-run` queue. */
@Injectable()
export class AnalysisRunQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(AnalysisRunQueue.name);
  private readonly connection: Redis;
  private readonly queue: Queue<AnalysisRunData, void, JobName.AnalysisRun>;
  /** Adds made at the same moment (a burst of starts) reach Redis as one `addBulk`. */
  private readonly adds = new MicroBatcher({
    run: async (batch: AnalysisRunData[]) => {
      await this.queue.addBulk(
        batch.map((data) => ({ name: JobName.AnalysisRun, data, opts: { ...JOB_OPTIONS, jobId: data.analysisId } })),
      );
      return batch.map(() => undefined);
    },
    ...PER_REQUEST_BATCHING,
  });

  constructor(@Inject(ANALYSIS_REDIS) redis: Redis) {
    // Own connection, so a backlog of adds during a Redis outage never delays the relay's publishes.
    this.connection = redis.duplicate({ connectionName: 'analysis-queue' });
    this.connection.on('error', (error: Error) => this.logger.warn(`queue connection: ${error.message}`));
    this.queue = new Queue<AnalysisRunData, void, JobName.AnalysisRun>(QueueName.AnalysisRun, {
      connection: this.connection,
    });
  }

  /**
   * Idempotent: the job id is the analysis id, so a second add for the same analysis is ignored.
   * Rejects after ENQUEUE_TIMEOUT_MS when Redis does not answer (BullMQ would wait for it forever);
   * the add may still land once Redis is back, which is harmless for the same reason.
   */
  async enqueue(data: AnalysisRunData): Promise<void> {
    const added = this.adds.add(data);
    added.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        added,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`Redis did not accept the job within ${ENQUEUE_TIMEOUT_MS} ms`)),
            ENQUEUE_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Drops a job that has not started yet (a cancelled analysis); a running one is left to its worker. */
  async discard(analysisId: string): Promise<void> {
    try {
      const job = await this.queue.getJob(analysisId);
      if (job && ((await job.isWaiting()) || (await job.isDelayed()))) await job.remove();
    } catch (error) {
      this.logger.debug?.(`job ${analysisId} not removed: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
