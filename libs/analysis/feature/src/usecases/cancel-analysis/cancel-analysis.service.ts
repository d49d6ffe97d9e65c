import { Injectable } from '@nestjs/common';
import { AnalysisRepository, AnalysisStatus, isTerminalStatus } from '@so/analysis-data-access';
import { createDomainEvent } from '@so/contracts';
import { correlationIdOrNew, ServiceOutbox, type CallerIdentity } from '@so/shared';
import { DataSource } from 'typeorm';
import { AnalysisException } from '../../analysis.exception.js';
import { AnalysisRunQueue } from '../../queue/analysis-run.queue.js';
import { AnalysisStatusChannel } from '../../status/analysis-status.channel.js';
import type { AnalysisView } from '../../views/analysis.view.js';
import { assertUuid } from '../../uuid.js';
import { GetAnalysisService } from '../get-analysis/get-analysis.service.js';

/**
 * Marks an analysis CANCELLED (with `analysis.cancelled` in the same transaction), then tells the
 * worker running it to abort. Cancelling a cancelled analysis is a no-op; a finished one cannot be.
 */
@Injectable()
export class CancelAnalysisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly analyses: AnalysisRepository,
    private readonly getAnalysis: GetAnalysisService,
    private readonly channel: AnalysisStatusChannel,
    private readonly queue: AnalysisRunQueue,
    private readonly relay: ServiceOutbox,
  ) {}

  async execute(identity: CallerIdentity, analysisId: string, projectKey?: string): Promise<AnalysisView> {
    const id = assertUuid(analysisId, 'analysis_id');
    const cancelled = await this.dataSource.transaction(async (manager) => {
      const record = await this.analyses.lockForUpdate(manager, identity.orgId, id);
      if (!record || (projectKey && record.projectKey !== projectKey)) throw AnalysisException.notFound(id);
      const { status } = record.analysis;
      if (status === AnalysisStatus.Cancelled) return false;
      if (isTerminalStatus(status)) throw AnalysisException.alreadyFinished(id, status);
      return this.analyses.markCancelled(manager, id, [
        createDomainEvent({
          type: 'analysis.cancelled',
          orgId: identity.orgId,
          projectId: record.projectKey,
          correlationId: correlationIdOrNew(),
          data: { analysisId: id, status: 'CANCELLED' },
        }),
      ]);
    });
    if (cancelled) {
      this.relay.wake();
      await this.channel.publish({ analysisId: id, orgId: identity.orgId, status: AnalysisStatus.Cancelled });
      await this.queue.discard(id);
    }
    return this.getAnalysis.execute(identity, id);
  }
}
