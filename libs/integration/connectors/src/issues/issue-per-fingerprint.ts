import type { ConnectorContext, DeliveryReport, ExternalIssue, FindingBatch, FindingToPush } from '../connector.types.js';
import { ConnectorError } from '../connector.error.js';

/**
 * The issue-tracker delivery shared by every tracker connector: one issue per finding fingerprint.
 * The ledger makes it idempotent: a fingerprint that already has an issue is skipped, whichever
 * analysis found it again, and a claim keeps two workers from creating the same issue at once.
 * Findings are handled one by one, so a retry after a partial failure resumes where the last
 * attempt stopped.
 */
export async function openIssuePerFingerprint(
  batch: FindingBatch,
  context: ConnectorContext,
  openIssue: (finding: FindingToPush) => Promise<ExternalIssue>,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, alreadyDone: 0 };
  for (const finding of batch.findings) {
    const claim = await context.issues.claim(finding.fingerprint, batch.analysisId);
    if (claim.state === 'exists') {
      report.alreadyDone += 1;
      continue;
    }
    if (claim.state === 'busy') throw new ConnectorError(`another worker is creating the issue of ${finding.fingerprint}`, true);
    const issue = await openIssue(finding).catch(async (error: unknown) => {
      // An answered error created nothing, so the claim goes back; after a network failure the
      // issue may exist, and the claim is kept until it goes stale.
      if (error instanceof ConnectorError && error.status !== undefined) await context.issues.release(finding.fingerprint);
      throw error;
    });
    await context.issues.complete(finding.fingerprint, issue);
    report.sent += 1;
  }
  return report;
}

/** The JSON body of a tracker's answer, or a retryable error: a proxy's HTML page is not the tracker's final word. */
export function parseJsonAnswer(text: string, tracker: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConnectorError(`${tracker} answered with a body that is not JSON`, true);
  }
  if (typeof value !== 'object' || value === null) throw new ConnectorError(`${tracker} answered with a body that is not a JSON object`, true);
  return value as Record<string, unknown>;
}
