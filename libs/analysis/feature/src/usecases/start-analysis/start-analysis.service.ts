import { Injectable, Logger } from '@nestjs/common';
import {
  AnalysisRepository,
  AnalysisStatus,
  FindingRepository,
  type AnalysisWithProject,
  type NewAnalysis,
} from '@so/analysis-data-access';
import { createDomainEvent } from '@so/contracts';
import { correlationIdOrNew, ServiceOutbox, type CallerIdentity } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { AnalysisException } from '../../analysis.exception.js';
import { AnalysisRunQueue } from '../../queue/analysis-run.queue.js';
import { toAnalysisView, type AnalysisView } from '../../views/analysis.view.js';
import type { StartAnalysisCommand } from './start-analysis.command.js';
import { validateStartAnalysis, type ValidStartAnalysis } from './start-analysis.validation.js';

/** A concurrent first start of the same project makes one insert miss it; the retry then finds it. */
const CREATE_ATTEMPTS = 3;

/**
 * Records a new analysis (PENDING, its project created on first use) and its `analysis.started`
 * event in one transaction, then queues the run. A repeated idempotency key returns the first
 * analysis instead of a new one.
 */
@Injectable()
export class StartAnalysisService {
  private readonly logger = new Logger(StartAnalysisService.name);

  constructor(
    private readonly analyses: AnalysisRepository,
    private readonly findings: FindingRepository,
    private readonly queue: AnalysisRunQueue,
    private readonly relay: ServiceOutbox,
  ) {}

  async execute(identity: CallerIdentity, command: StartAnalysisCommand): Promise<AnalysisView> {
    const request = validateStartAnalysis(command);
    const { record, created } = await this.record(identity.orgId, request);
    if (created) this.relay.wake();
    // Also for a replayed key: re-queueing a PENDING analysis is how a lost enqueue is repaired.
    if (record.analysis.status === AnalysisStatus.Pending) {
      try {
        await this.queue.enqueue({
          analysisId: record.analysis.id,
          orgId: identity.orgId,
          projectId: record.projectKey,
          correlationId: record.analysis.correlationId,
        });
      } catch (error) {
        this.logger.error(`analysis ${record.analysis.id} recorded but not queued: ${(error as Error).message}`);
        throw AnalysisException.queueUnavailable(record.analysis.id);
      }
    }
    // A replayed key may name an analysis that already has findings.
    const findings = created ? [] : await this.findings.listForAnalysis(identity.orgId, record.analysis.id);
    return toAnalysisView(record, findings);
  }

  private async record(
    orgId: string,
    request: ValidStartAnalysis,
  ): Promise<{ record: AnalysisWithProject; created: boolean }> {
    if (request.idempotencyKey !== null) {
      const existing = await this.analyses.findByIdempotencyKey(orgId, request.idempotencyKey);
      if (existing) return { record: this.replay(existing, request), created: false };
    }
    const analysis = newAnalysis(orgId, request);
    const started = createDomainEvent({
      type: 'analysis.started',
      orgId,
      projectId: analysis.projectKey,
      correlationId: analysis.correlationId,
      data: { analysisId: analysis.id, targetUrl: analysis.targetUrl },
    });
    for (let attempt = 1; ; attempt++) {
      let record: AnalysisWithProject | null;
      try {
        record = await this.analyses.createPending(analysis, randomUUID(), [started]);
      } catch (error) {
        // Two concurrent starts with the same key: the loser returns the winner's analysis.
        if (request.idempotencyKey !== null && isUniqueViolation(error, 'analyses_org_idempotency_key')) {
          const existing = await this.analyses.findByIdempotencyKey(orgId, request.idempotencyKey);
          if (existing) return { record: this.replay(existing, request), created: false };
        }
        throw error;
      }
      if (record) return { record, created: true };
      if (attempt >= CREATE_ATTEMPTS) throw new Error(`project ${analysis.projectKey} could not be created or found`);
    }
  }

  /** The same key with a different request is a client bug, not a retry. */
  private replay(record: AnalysisWithProject, request: ValidStartAnalysis): AnalysisWithProject {
    const same =
      record.projectKey === request.projectKey &&
      record.analysis.targetUrl === request.targetUrl &&
      record.analysis.specText === request.specText;
    if (!same) throw AnalysisException.idempotencyConflict(request.idempotencyKey ?? '');
    return record;
  }
}

function newAnalysis(orgId: string, request: ValidStartAnalysis): NewAnalysis {
  return {
    id: randomUUID(),
    orgId,
    projectKey: request.projectKey,
    projectName: request.projectKey,
    targetUrl: request.targetUrl,
    specText: request.specText,
    config: request.config,
    idempotencyKey: request.idempotencyKey,
    correlationId: correlationIdOrNew(),
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as { driverError?: { code?: unknown; constraint?: unknown } } | null)?.driverError;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
