import type { Severity } from './severity.js';

/** The external systems a connector exists for (the `type` of an integration). */
export const CONNECTOR_TYPES = ['generic_http', 'slack', 'github', 'jira'] as const;
export type ConnectorType = (typeof CONNECTOR_TYPES)[number];

export function hasConnector(type: string): type is ConnectorType {
  return (CONNECTOR_TYPES as readonly string[]).includes(type);
}

/** One finding as connectors push it. */
export interface FindingToPush {
  findingId: string;
  fingerprint: string;
  title: string;
  severity: Severity;
  ruleId: string;
  owaspCategory: string;
  cweId: string | null;
  location: string | null;
}

/** The findings of one analysis that reach one integration's threshold. */
export interface FindingBatch {
  /** Stable across retries; receivers can deduplicate on it. */
  deliveryId: string;
  integrationId: string;
  projectId: string;
  analysisId: string;
  correlationId: string;
  score: number | null;
  findings: FindingToPush[];
}

/** An issue created in an external tracker. */
export interface ExternalIssue {
  id: string;
  number: number | null;
  url: string | null;
}

/**
 * The issue tracker connector's memory of which fingerprints already have an issue. `claim` is
 * atomic across replicas: only one caller may create the issue of a fingerprint at a time.
 */
export interface IssueLedger {
  claim(fingerprint: string, analysisId: string): Promise<{ state: 'exists'; issue: ExternalIssue } | { state: 'claimed' } | { state: 'busy' }>;
  /** Stores the created issue; the fingerprint never gets another one. */
  complete(fingerprint: string, issue: ExternalIssue): Promise<void>;
  /** Gives a claim back after a failure that certainly created nothing (the tracker answered with an error). */
  release(fingerprint: string): Promise<void>;
}

/** What a connector needs besides the batch: the integration's settings, decrypted credentials, the ledger. */
export interface ConnectorContext {
  config: Readonly<Record<string, string>>;
  credentials: Readonly<Record<string, string>>;
  issues: IssueLedger;
}

export interface DeliveryReport {
  /** Messages or issues sent by this call. */
  sent: number;
  /** Findings that needed nothing (an issue already exists). */
  alreadyDone: number;
}

/** One kind of external system. Throws ConnectorError when the system did not accept the push. */
export interface Connector {
  readonly type: ConnectorType;
  deliver(batch: FindingBatch, context: ConnectorContext): Promise<DeliveryReport>;
}
