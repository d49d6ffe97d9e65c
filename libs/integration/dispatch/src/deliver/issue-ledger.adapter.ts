import type { IssueLedger } from '@so/integration-connectors';
import type { IntegrationIssueRepository } from '@so/integration-data-access';

/** A claim older than this is taken over: the worker that made it died or lost its answer. */
export const ISSUE_CLAIM_STALE_MS = 5 * 60_000;

/** The issue ledger of one integration, over integration_issues. */
export function issueLedgerFor(repository: IntegrationIssueRepository, integrationId: string, orgId: string): IssueLedger {
  return {
    claim: (fingerprint, analysisId) => repository.claim(integrationId, orgId, fingerprint, analysisId, ISSUE_CLAIM_STALE_MS),
    complete: (fingerprint, issue) => repository.complete(integrationId, fingerprint, issue),
    release: (fingerprint) => repository.release(integrationId, fingerprint),
  };
}
