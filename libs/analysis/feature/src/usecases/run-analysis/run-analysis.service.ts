import { Inject, Injectable, Logger } from '@nestjs/common';
import { AnalysisEngineError, type EngineResult } from '@so/analysis-engine';
import {
  AnalysisRepository,
  AnalysisStatus,
  FindingLifecycleRepository,
  FindingRepository,
  type AnalysisEntity,
  type AnalysisWithProject,
} from '@so/analysis-data-access';
import type { AnalysisRunJob } from '@so/contracts';
import { ServiceOutbox } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ANALYSIS_FEATURE_OPTIONS, type AnalysisFeatureOptions } from '../../analysis-feature.options.js';
import { ANALYSIS_ENGINE, type AnalysisEngine } from '../../engine/analysis-engine.js';
import { AnalysisStatusChannel } from '../../status/analysis-status.channel.js';
import { AssessFindingsService, type FindingAssessments } from '../assess-findings/assess-findings.service.js';
import { AnalysisInterruptedError } from './analysis-interrupted.error.js';
import { AnalysisRunRecorder, type RecorderDeps } from './analysis-run.recorder.js';
import type { RunContext } from './run-context.js';
import { abortCauseOf, RunningAnalyses, type AbortCause } from './running-analyses.js';

export type RunOutcome = 'skipped' | 'completed' | 'failed' | 'cancelled' | 'superseded';

/** How often a run re-reads its status, in case a cancel's pub/sub message was lost. */
const STATUS_CHECK_MS = 5000;
/** Grace beyond the engine's own time limit before the worker aborts the run itself. */
const TIMEOUT_GRACE_MS = 5000;

/**
 * Executes one `analysis.run` job: claims the analysis, runs the engine with an AbortController
 * (cancel, timeout, shutdown), streams progress and findings to the database and outbox, and
 * records the terminal status. Running the same job twice is harmless: a finished analysis is
 * skipped, and findings are unique per analysis.
 */
@Injectable()
export class RunAnalysisService {
  private readonly logger = new Logger(RunAnalysisService.name);

  constructor(
    @Inject(ANALYSIS_ENGINE) private readonly engine: AnalysisEngine,
    @Inject(ANALYSIS_FEATURE_OPTIONS) private readonly options: AnalysisFeatureOptions,
    private readonly dataSource: DataSource,
    private readonly analyses: AnalysisRepository,
    private readonly findings: FindingRepository,
    private readonly lifecycle: FindingLifecycleRepository,
    private readonly relay: ServiceOutbox,
    private readonly channel: AnalysisStatusChannel,
    private readonly running: RunningAnalyses,
    private readonly assessFindings: AssessFindingsService,
  ) {}

  async execute(job: AnalysisRunJob): Promise<RunOutcome> {
    // Registered before the claim, so a cancel committed after the claim always finds the run.
    const controller = this.running.register(job.analysisId);
    try {
      if (abortCauseOf(controller.signal) === 'shutdown') throw new AnalysisInterruptedError(job.analysisId);
      const record = await this.claim(job);
      if (!record) return 'skipped';
      return await this.run(record, controller);
    } finally {
      this.running.unregister(job.analysisId, controller);
    }
  }

  /** Every attempt failed (infrastructure trouble): close the analysis instead of leaving it open. */
  async giveUp(job: AnalysisRunJob, error: unknown): Promise<void> {
    const errorId = randomUUID();
    this.logger.error({
      msg: 'analysis run failed on every attempt',
      errorId,
      analysisId: job.analysisId,
      err: describe(error),
    });
    const recorder = this.recorder(contextOf(job), new AbortController());
    if (await recorder.fail(`the analysis could not be run (errorId ${errorId})`)) {
      await this.channel.publish({ analysisId: job.analysisId, orgId: job.orgId, status: AnalysisStatus.Failed });
    }
  }

  /**
   * No event of its own: the engine reports progress from its first stage on, and that first
   * update is written at once, so consumers see the analysis running without an extra event.
   */
  private claim(job: AnalysisRunJob): Promise<AnalysisWithProject | null> {
    return this.analyses.claim(job.orgId, job.analysisId, []);
  }

  private async run(record: AnalysisWithProject, controller: AbortController): Promise<RunOutcome> {
    const { analysis } = record;
    const context: RunContext = {
      analysisId: analysis.id,
      orgId: analysis.orgId,
      projectKey: record.projectKey,
      correlationId: analysis.correlationId,
    };
    const recorder = this.recorder(context, controller);
    const startedAt = Date.now();
    const stopGuards = this.guard(analysis, controller);
    let result: EngineResult;
    let ai: FindingAssessments;
    try {
      result = await this.engine.run(
        { targetUrl: analysis.targetUrl ?? undefined, specText: analysis.specText ?? undefined },
        {
          deepScan: analysis.config.deepScan,
          maxDepth: analysis.config.maxDepth,
          vulnerabilityTypes: analysis.config.vulnerabilityTypes,
          timeoutSeconds: analysis.config.timeoutSeconds,
          targetAllowList: this.options.targetAllowList,
          signal: controller.signal,
          onProgress: (update) => recorder.progress(update),
          onFinding: (finding) => recorder.finding(finding),
        },
      );
      // An engine that ignores the signal may still resolve after an abort.
      controller.signal.throwIfAborted();
      ai = await this.assess(analysis, result, recorder, controller.signal, startedAt);
    } catch (error) {
      return await this.handleFailure(error, abortCauseOf(controller.signal), recorder, analysis);
    } finally {
      stopGuards();
    }
    const final = ai.warnings.length > 0 ? { ...result, warnings: [...(result.warnings ?? []), ...ai.warnings] } : result;
    if (!(await recorder.complete(final, Date.now() - startedAt, ai.assessments))) return 'superseded';
    // Not awaited: waiters also re-check the row, and the next job should not wait for Redis.
    void this.channel.publish({ analysisId: analysis.id, orgId: analysis.orgId, status: AnalysisStatus.Completed });
    return 'completed';
  }

  /**
   * The optional AI step: cancellable like the engine, and within the analysis' time limit (what
   * the engine left of it), which it never exceeds: the worker's own timeout would fail the run.
   */
  private async assess(
    analysis: AnalysisEntity,
    result: EngineResult,
    recorder: AnalysisRunRecorder,
    signal: AbortSignal,
    startedAt: number,
  ): Promise<FindingAssessments> {
    const enabled = analysis.config.enableAiAnalysis;
    if (this.assessFindings.isActive(enabled)) {
      recorder.progress({ stage: 'ai analysis', percent: 100, message: 'AI analysis of critical and high findings' });
    }
    const deadline = startedAt + analysis.config.timeoutSeconds * 1000;
    const ai = await this.assessFindings.execute(enabled, result.findings, signal, deadline);
    if (ai.warnings.length > 0) recorder.progress({ stage: 'ai analysis', percent: 100, message: ai.warnings.join('; ') });
    return ai;
  }

  private async handleFailure(
    error: unknown,
    cause: AbortCause | undefined,
    recorder: AnalysisRunRecorder,
    analysis: AnalysisEntity,
  ): Promise<RunOutcome> {
    switch (cause) {
      case 'cancelled':
        // Whoever cancelled recorded the status and the event.
        await recorder.settle().catch(() => undefined);
        return 'cancelled';
      case 'shutdown':
        await recorder.settle().catch(() => undefined);
        throw new AnalysisInterruptedError(analysis.id);
      case 'write-failed':
        // Rethrows the database error: BullMQ retries the job.
        await recorder.settle();
        throw error;
      case 'timeout':
      case undefined: {
        const reason =
          cause === 'timeout'
            ? `analysis exceeded its time limit of ${analysis.config.timeoutSeconds} s`
            : this.describeFailure(error, analysis.id);
        if (!(await recorder.fail(reason))) return 'superseded';
        void this.channel.publish({ analysisId: analysis.id, orgId: analysis.orgId, status: AnalysisStatus.Failed });
        return 'failed';
      }
    }
  }

  /** Engine errors are meant for users (refused target, bad spec, timeout); anything else is hidden. */
  private describeFailure(error: unknown, analysisId: string): string {
    if (error instanceof AnalysisEngineError) return error.message;
    const errorId = randomUUID();
    this.logger.error({ msg: 'analysis engine crashed', errorId, analysisId, err: describe(error) });
    return `internal error in the analysis engine (errorId ${errorId})`;
  }

  private guard(analysis: AnalysisEntity, controller: AbortController): () => void {
    const timeout = setTimeout(
      () => controller.abort('timeout'),
      analysis.config.timeoutSeconds * 1000 + TIMEOUT_GRACE_MS,
    );
    const watch = setInterval(() => {
      this.analyses.statusOf(analysis.id).then(
        (status) => {
          if (status !== AnalysisStatus.InProgress && !controller.signal.aborted) controller.abort('cancelled');
        },
        () => undefined,
      );
    }, STATUS_CHECK_MS);
    return () => {
      clearTimeout(timeout);
      clearInterval(watch);
    };
  }

  private recorder(context: RunContext, controller: AbortController): AnalysisRunRecorder {
    const deps: RecorderDeps = {
      dataSource: this.dataSource,
      analyses: this.analyses,
      findings: this.findings,
      lifecycle: this.lifecycle,
      relay: this.relay,
    };
    return new AnalysisRunRecorder(
      context,
      deps,
      {
        onSuperseded: () => {
          if (!controller.signal.aborted) controller.abort('cancelled');
        },
        onWriteFailed: () => {
          if (!controller.signal.aborted) controller.abort('write-failed');
        },
      },
      this.options.progressIntervalMs,
    );
  }
}

function contextOf(job: AnalysisRunJob): RunContext {
  return { analysisId: job.analysisId, orgId: job.orgId, projectKey: job.projectId, correlationId: job.correlationId };
}

function describe(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { value: String(error) };
}
