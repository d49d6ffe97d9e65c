import type { EventType } from './event-types.js';

export type AnalysisStatusName = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface AnalysisStartedPayload {
  analysisId: string;
  targetUrl: string | null;
}

export interface AnalysisProgressPayload {
  analysisId: string;
  stage: string;
  percent: number;
  message: string;
}

export interface AnalysisCompletedPayload {
  analysisId: string;
  status: 'COMPLETED';
  findingCount: number;
  bySeverity: Record<'critical' | 'high' | 'medium' | 'low' | 'info', number>;
  score: number;
  durationMs: number;
}

export interface AnalysisFailedPayload {
  analysisId: string;
  status: 'FAILED';
  reason: string;
}

export interface AnalysisCancelledPayload {
  analysisId: string;
  status: 'CANCELLED';
}

export interface FindingDetectedPayload {
  analysisId: string;
  findingId: string;
  ruleId: string;
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  owaspCategory: string;
  cweId: string;
  location: string;
  fingerprint: string;
  /**
   * Triage status the finding starts with: the project's earlier decision for this fingerprint
   * (`false_positive` and `accepted_risk` mean the team chose not to act on it), else `open`.
   * Absent in events from before triage existed, which means open.
   */
  status?: 'open' | 'false_positive' | 'accepted_risk' | 'fixed';
}

export interface IntegrationStatusChangedPayload {
  integrationId: string;
  status: 'INACTIVE' | 'CONNECTING' | 'ACTIVE' | 'ERROR' | 'RECONNECTING';
  previousStatus: string | null;
  message: string;
}

export interface WebhookEndpointDisabledPayload {
  endpointId: string;
  url: string;
  reason: string;
}

/** Maps each event type to its payload, so a producer cannot publish a payload that does not match. */
export interface EventPayloadMap {
  'analysis.started': AnalysisStartedPayload;
  'analysis.progress': AnalysisProgressPayload;
  'analysis.completed': AnalysisCompletedPayload;
  'analysis.failed': AnalysisFailedPayload;
  'analysis.cancelled': AnalysisCancelledPayload;
  'finding.detected': FindingDetectedPayload;
  'integration.status_changed': IntegrationStatusChangedPayload;
  'webhook.endpoint_disabled': WebhookEndpointDisabledPayload;
}

// Compile-time check that the map covers the catalogue exactly.
type MissingPayload = Exclude<EventType, keyof EventPayloadMap>;
const catalogueIsComplete: MissingPayload extends never ? true : false = true;
void catalogueIsComplete;
