import { Injectable } from '@nestjs/common';
import { FindingRepository } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { assertUuid } from '../../uuid.js';
import { toFindingView, type FindingView } from '../../views/analysis.view.js';
import { validateTriage, type TriageFindingCommand } from './triage-finding.command.js';

/**
 * Sets a finding's triage status (open, false_positive, accepted_risk, fixed) with a reason and
 * the caller as author. The decision also becomes the project's for the finding's fingerprint:
 * the next analysis that reports the same flaw inherits a false positive or accepted risk.
 */
@Injectable()
export class TriageFindingService {
  constructor(private readonly findings: FindingRepository) {}

  /** Another org's finding is reported exactly like a missing one. */
  async execute(identity: CallerIdentity, command: TriageFindingCommand): Promise<FindingView> {
    const findingId = assertUuid(command.findingId, 'finding_id');
    const triage = validateTriage(command);
    const existing = await this.findings.findOne(identity.orgId, findingId, command.projectKey || undefined);
    if (!existing) throw AnalysisException.findingNotFound(findingId);
    const changed = await this.findings.setTriage(identity.orgId, findingId, {
      ...triage,
      changedBy: identity.principalId,
    });
    const updated = changed ? await this.findings.findOne(identity.orgId, findingId) : null;
    if (!updated) throw AnalysisException.findingNotFound(findingId);
    return toFindingView(updated);
  }
}
