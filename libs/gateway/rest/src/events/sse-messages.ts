import type { AnyDomainEvent } from '@so/contracts';

/** The server message types of the SSE streams (the same names as the socket.io protocol). */
export type SseMessageType =
  | 'CONNECTION_ESTABLISHED'
  | 'ANALYSIS_PROGRESS'
  | 'SECURITY_FINDING'
  | 'ANALYSIS_COMPLETED'
  | 'DASHBOARD_UPDATE';

export interface SseMessage {
  type: SseMessageType;
  /** The Redis stream position of the event: a client that reconnects sends it back as `Last-Event-ID`. */
  id?: string;
  data: Record<string, unknown>;
}

const TERMINAL_TYPES = new Set(['analysis.completed', 'analysis.failed', 'analysis.cancelled']);

export function isTerminalAnalysisEvent(event: AnyDomainEvent): boolean {
  return TERMINAL_TYPES.has(event.type);
}

/** The envelope fields every message carries, so a client can deduplicate and order. */
function envelope(event: AnyDomainEvent) {
  return { eventId: event.id, eventType: event.type, projectId: event.projectId, occurredAt: event.occurredAt };
}

/**
 * The message of one analysis' event, or undefined when the event is not about this kind of stream.
 * Terminal events (completed, failed, cancelled) all become ANALYSIS_COMPLETED with their `status`:
 * the stream's last message whatever the outcome.
 */
export function analysisMessage(event: AnyDomainEvent, entryId: string): SseMessage | undefined {
  switch (event.type) {
    case 'analysis.started':
      return { type: 'ANALYSIS_PROGRESS', id: entryId, data: { ...envelope(event), ...event.data, status: 'PENDING', percent: 0 } };
    case 'analysis.progress':
      return { type: 'ANALYSIS_PROGRESS', id: entryId, data: { ...envelope(event), ...event.data, status: 'IN_PROGRESS' } };
    case 'finding.detected':
      return { type: 'SECURITY_FINDING', id: entryId, data: { ...envelope(event), ...event.data } };
    case 'analysis.completed':
    case 'analysis.failed':
    case 'analysis.cancelled':
      return { type: 'ANALYSIS_COMPLETED', id: entryId, data: { ...envelope(event), ...event.data } };
    default:
      return undefined;
  }
}

/** `analysisId` of an analysis or finding event; undefined for other events. */
export function analysisIdOf(event: AnyDomainEvent): string | undefined {
  const data = event.data as { analysisId?: unknown };
  return typeof data.analysisId === 'string' ? data.analysisId : undefined;
}

/**
 * The messages of a project dashboard for one event: the analysis messages, plus a
 * DASHBOARD_UPDATE after each finished analysis (the moment the project's metrics change),
 * carrying what a dashboard shows without another request.
 */
export function dashboardMessages(event: AnyDomainEvent, entryId: string): SseMessage[] {
  const message = analysisMessage(event, entryId);
  if (!message) return [];
  if (!isTerminalAnalysisEvent(event)) return [message];
  const data = event.data as { analysisId: string; status: string; findingCount?: number; bySeverity?: unknown; score?: number };
  const update: SseMessage = {
    type: 'DASHBOARD_UPDATE',
    id: entryId,
    data: {
      ...envelope(event),
      analysisId: data.analysisId,
      status: data.status,
      findingCount: data.findingCount ?? null,
      bySeverity: data.bySeverity ?? null,
      score: data.score ?? null,
    },
  };
  return [message, update];
}
