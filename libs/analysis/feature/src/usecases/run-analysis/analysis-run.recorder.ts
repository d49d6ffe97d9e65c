import type { EngineFinding, EngineResult, ProgressUpdate } from '@so/analysis-engine';
import type {
  AiAssessmentRecord,
  AnalysisMetricsRecord,
  AnalysisRepository,
  FindingLifecycleRepository,
  FindingRepository,
  NewFinding,
} from '@so/analysis-data-access';
import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { enqueueOutboxEvents, type ServiceOutbox } from '@so/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { findingDetectedEvent, toNewFinding } from './finding-records.js';
import type { RunContext } from './run-context.js';

export interface RecorderDeps {
  dataSource: DataSource;
  analyses: AnalysisRepository;
  findings: FindingRepository;
  lifecycle: FindingLifecycleRepository;
  relay: ServiceOutbox;
}

/** Progress of the engine's stages, plus the worker's own stage after them. */
export type RunProgress = Omit<ProgressUpdate, 'stage'> & { stage: ProgressUpdate['stage'] | 'ai analysis' };

/** AI assessments to store with the final result, by finding fingerprint. */
export type AssessmentsByFingerprint = ReadonlyArray<{ fingerprint: string; assessment: AiAssessmentRecord }>;

export interface RecorderHooks {
  /** The analysis is no longer IN_PROGRESS (cancelled elsewhere): the run should stop. */
  onSuperseded: () => void;
  /** A write failed (database trouble): the run should stop and the job be retried. */
  onWriteFailed: (error: unknown) => void;
}

/**
 * Persists one run as it happens. The engine's callbacks are synchronous and may fire in bursts,
 * so writes go through one promise chain (order kept, one transaction at a time), findings are
 * batched, and progress is written at most once per `progressIntervalMs`. Every write carries its
 * events in the same transaction and checks the analysis is still IN_PROGRESS.
 */
export class AnalysisRunRecorder {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly pendingFindings: EngineFinding[] = [];
  private findingsScheduled = false;
  private pendingProgress?: RunProgress;
  private progressTimer?: NodeJS.Timeout;
  private lastProgressAt = 0;
  private closed = false;

  constructor(
    private readonly context: RunContext,
    private readonly deps: RecorderDeps,
    private readonly hooks: RecorderHooks,
    private readonly progressIntervalMs: number,
  ) {}

  get writeError(): unknown {
    return this.failure;
  }

  progress(update: RunProgress): void {
    if (this.closed) return;
    this.pendingProgress = update;
    const wait = this.lastProgressAt + this.progressIntervalMs - Date.now();
    if (wait <= 0) this.writeProgress();
    else this.progressTimer ??= setTimeout(() => this.writeProgress(), wait);
  }

  finding(finding: EngineFinding): void {
    if (this.closed) return;
    this.pendingFindings.push(finding);
    if (this.findingsScheduled) return;
    this.findingsScheduled = true;
    this.enqueue(async () => {
      this.findingsScheduled = false;
      await this.writeFindings(this.pendingFindings.splice(0).map((item) => toNewFinding(this.context, item)));
    });
  }

  /** Stops accepting updates and waits for queued writes; rethrows the first write failure. */
  async settle(): Promise<void> {
    this.closed = true;
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.pendingProgress = undefined;
    await this.chain;
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Stores the final findings (with their AI assessments), compares them with the previous analysis
   * of the same subject, and records the metrics with `analysis.completed`; false if no longer
   * IN_PROGRESS.
   */
  async complete(
    result: EngineResult,
    durationMs: number,
    assessments: AssessmentsByFingerprint = [],
  ): Promise<boolean> {
    await this.settle();
    const metrics = metricsOf(result, durationMs);
    const completedEvent = createDomainEvent({
      type: 'analysis.completed',
      orgId: this.context.orgId,
      projectId: this.context.projectKey,
      correlationId: this.context.correlationId,
      data: {
        analysisId: this.context.analysisId,
        status: 'COMPLETED',
        findingCount: metrics.totalFindings,
        bySeverity: metrics.bySeverity,
        score: metrics.score,
        durationMs,
      },
    });
    const { analyses, dataSource, lifecycle } = this.deps;
    const { analysisId } = this.context;
    const completed =
      result.findings.length === 0
        ? // The common fast path: comparison and completion in one statement, no transaction
          // round trips, grouped with other completions under load.
          await analyses.completeWithComparison(analysisId, metrics, [completedEvent])
        : await dataSource.transaction(async (manager) => {
            if (!(await analyses.lockIfInProgress(manager, analysisId))) return false;
            const findings = result.findings.map((finding) => toNewFinding(this.context, finding));
            const detected = await this.storeFindings(manager, findings);
            await this.deps.findings.saveAiAssessments(manager, analysisId, assessments);
            await lifecycle.compareWithPrevious(manager, analysisId);
            return analyses.markCompleted(manager, analysisId, metrics, [...detected, completedEvent]);
          });
    this.deps.relay.wake();
    return completed;
  }

  /** Records FAILED with `analysis.failed`; false if the analysis was no longer running. */
  async fail(reason: string): Promise<boolean> {
    await this.settle().catch(() => undefined);
    const failed = await this.deps.analyses.markFailed(this.deps.dataSource.manager, this.context.analysisId, reason, [
      createDomainEvent({
        type: 'analysis.failed',
        orgId: this.context.orgId,
        projectId: this.context.projectKey,
        correlationId: this.context.correlationId,
        data: { analysisId: this.context.analysisId, status: 'FAILED', reason },
      }),
    ]);
    this.deps.relay.wake();
    return failed;
  }

  private writeProgress(): void {
    this.progressTimer = undefined;
    const update = this.pendingProgress;
    if (!update || this.closed) return;
    this.pendingProgress = undefined;
    this.lastProgressAt = Date.now();
    this.enqueue(async () => {
      const written = await this.deps.analyses.updateProgress(this.context.analysisId, update.percent, update.stage, [
        createDomainEvent({
          type: 'analysis.progress',
          orgId: this.context.orgId,
          projectId: this.context.projectKey,
          correlationId: this.context.correlationId,
          data: {
            analysisId: this.context.analysisId,
            stage: update.stage,
            percent: update.percent,
            message: update.message,
          },
        }),
      ]);
      this.afterWrite(written);
    });
  }

  /** Inserts new findings; returns `finding.detected` only for rows that did not exist yet. */
  private async storeFindings(manager: EntityManager, findings: NewFinding[]): Promise<AnyDomainEvent[]> {
    const stored = await this.deps.findings.upsertMany(manager, findings);
    const byFingerprint = new Map(findings.map((finding) => [finding.fingerprint, finding]));
    return stored.flatMap((row) => {
      const finding = byFingerprint.get(row.fingerprint);
      // Announced with its inherited triage, so consumers can leave false positives alone.
      return row.inserted && finding ? [findingDetectedEvent(this.context, row.id, finding, row.status)] : [];
    });
  }

  /** Stores a batch of findings (with their events) only while the analysis is IN_PROGRESS. */
  private async writeFindings(findings: NewFinding[]): Promise<void> {
    const written = await this.deps.dataSource.transaction(async (manager) => {
      if (!(await this.deps.analyses.lockIfInProgress(manager, this.context.analysisId))) return false;
      await enqueueOutboxEvents(manager, await this.storeFindings(manager, findings));
      return true;
    });
    this.afterWrite(written);
  }

  private afterWrite(written: boolean): void {
    if (written) this.deps.relay.wake();
    else this.hooks.onSuperseded();
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await task();
      } catch (error) {
        this.failure = error;
        this.hooks.onWriteFailed(error);
      }
    });
  }
}

function metricsOf(result: EngineResult, durationMs: number): AnalysisMetricsRecord {
  return {
    totalFindings: result.findings.length,
    bySeverity: { ...result.metrics.bySeverity },
    operationsDeclared: result.metrics.operationsDeclared,
    operationsCovered: result.metrics.operationsCovered,
    score: result.metrics.score,
    durationMs,
    warnings: result.warnings ?? [],
  };
}
