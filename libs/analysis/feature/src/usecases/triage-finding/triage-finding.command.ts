import { FINDING_STATUSES, type FindingStatus } from '@so/analysis-data-access';
import type { FieldViolation } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';

/** Reasons are for people reading the triage history; longer text belongs in the issue tracker. */
export const TRIAGE_REASON_MAX_CHARS = 2000;

export interface TriageFindingCommand {
  findingId: string;
  /** When set, the finding must belong to this project. */
  projectKey?: string;
  status: string;
  reason?: string;
}

export interface ValidTriage {
  status: FindingStatus;
  reason: string | null;
}

/** Checks the new status and reason; every problem is listed at once. */
export function validateTriage(command: TriageFindingCommand): ValidTriage {
  const violations: FieldViolation[] = [];
  const status = command.status.trim();
  if (!(FINDING_STATUSES as readonly string[]).includes(status)) {
    violations.push({ field: 'status', description: `must be one of ${FINDING_STATUSES.join(', ')}` });
  }
  const reason = command.reason?.trim() ?? '';
  if (reason.length > TRIAGE_REASON_MAX_CHARS) {
    violations.push({ field: 'reason', description: `must be at most ${TRIAGE_REASON_MAX_CHARS} characters` });
  }
  // Postgres text cannot hold NUL, and a reason is shown in terminals and HTML.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(reason)) {
    violations.push({ field: 'reason', description: 'must not contain control characters' });
  }
  if (violations.length > 0) throw AnalysisException.invalidRequest(violations);
  return { status: status as FindingStatus, reason: reason === '' ? null : reason };
}
