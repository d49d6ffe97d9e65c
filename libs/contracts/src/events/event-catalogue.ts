import type { EventPayloadMap } from './event-payloads.js';
import { EVENT_TYPES, type EventType } from './event-types.js';

export interface EventTypeEntry<T extends EventType = EventType> {
  type: T;
  /** When the event is emitted and what a receiver can do with it. */
  description: string;
  /** A realistic `data` for the type; typed by the payload map, so it cannot drift from what producers send. */
  exampleData: EventPayloadMap[T];
}

const ANALYSIS_ID = '0b6f9c1e-5d4a-4b7e-9a51-3c2f8e7d1a90';

/**
 * The event catalogue as partners read it (`GET /api/v1/webhooks/event-types`): every type, what it
 * means and an example. A type missing here, or an example of the wrong shape, does not compile.
 */
const ENTRIES: { [K in EventType]: Omit<EventTypeEntry<K>, 'type'> } = {
  'analysis.started': {
    description: 'A worker began running an analysis (status IN_PROGRESS).',
    exampleData: { analysisId: ANALYSIS_ID, targetUrl: 'https://api.example.com' },
  },
  'analysis.progress': {
    description: 'An analysis moved on: stage and percent done. Throttled per analysis; intermediate values may be skipped.',
    exampleData: { analysisId: ANALYSIS_ID, stage: 'probing', percent: 60, message: 'probing 7/12 operations' },
  },
  'analysis.completed': {
    description: 'An analysis finished: finding counts by severity, the security score (0-100) and how long it took.',
    exampleData: {
      analysisId: ANALYSIS_ID,
      status: 'COMPLETED',
      findingCount: 4,
      bySeverity: { critical: 0, high: 1, medium: 2, low: 1, info: 0 },
      score: 71,
      durationMs: 8420,
    },
  },
  'analysis.failed': {
    description: 'An analysis could not finish (target unreachable, invalid document, time limit); the reason says why.',
    exampleData: { analysisId: ANALYSIS_ID, status: 'FAILED', reason: 'target did not answer within 10 s' },
  },
  'analysis.cancelled': {
    description: 'An analysis was cancelled before it finished.',
    exampleData: { analysisId: ANALYSIS_ID, status: 'CANCELLED' },
  },
  'finding.detected': {
    description:
      'A security finding was stored, mapped to the OWASP API Security Top 10 (2023) and a CWE. `fingerprint` is stable across runs; ' +
      '`status` carries the project\'s earlier triage of it (`false_positive` and `accepted_risk` mean the team chose not to act).',
    exampleData: {
      analysisId: ANALYSIS_ID,
      findingId: '6a1d2c3b-8e9f-4a0b-b1c2-d3e4f5a6b7c8',
      ruleId: 'http.cors.origin-reflected-with-credentials',
      title: 'CORS reflects an arbitrary Origin with credentials allowed',
      severity: 'high',
      owaspCategory: 'API8:2023',
      cweId: 'CWE-942',
      location: 'GET https://api.example.com/',
      fingerprint: '5f0c2b9e41d7a3c86e1f9b2d4a7c0e3f5b8d1a6c9e2f4b7a0c3d6e9f1a4b7c0d',
      status: 'open',
    },
  },
  'integration.status_changed': {
    description: 'An integration (issue tracker, chat, generic HTTP) changed state, e.g. its circuit opened after repeated failures.',
    exampleData: { integrationId: '2f4e6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a4b', status: 'ERROR', previousStatus: 'ACTIVE', message: '5 pushes failed in a row: HTTP 503' },
  },
  'webhook.endpoint_disabled': {
    description: 'A webhook endpoint was disabled: it failed continuously for the configured period (default 5 days), or answered 410 Gone.',
    exampleData: { endpointId: '7d9b1f3a-5c7e-4a9b-8d1f-2e4c6a8b0d2f', url: 'https://hooks.partner.example/so', reason: 'failing continuously since 2026-11-20T08:00:00.000Z' },
  },
};

export const EVENT_CATALOGUE: readonly EventTypeEntry[] = EVENT_TYPES.map((type) => ({ type, ...ENTRIES[type] }) as EventTypeEntry);
