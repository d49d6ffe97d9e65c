/** The Postgres schema the integration service owns. */
export const INTEGRATION_SCHEMA = 'integration';

/** Kinds of external system an integration talks to. Stored as text; do not rename. */
export const INTEGRATION_TYPES = ['jira', 'slack', 'github', 'generic_http', 'spec_source'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];

/** Same names as the proto enum `IntegrationStatus`. */
export const INTEGRATION_STATUSES = ['INACTIVE', 'CONNECTING', 'ACTIVE', 'ERROR', 'RECONNECTING'] as const;
export type IntegrationStatusName = (typeof INTEGRATION_STATUSES)[number];

/** Domain events the service records (see integration_events). */
export const RECORDED_EVENT_TYPES = ['finding.detected', 'analysis.completed'] as const;
export type RecordedEventType = (typeof RECORDED_EVENT_TYPES)[number];
