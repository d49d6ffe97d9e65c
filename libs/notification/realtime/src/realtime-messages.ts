import type { AnyDomainEvent } from '@so/contracts';
import type { FindingSeverity } from './realtime-preferences.js';
import { ServerMessage, type RealtimeEventPayload, type ServerMessageName } from './realtime.protocol.js';
import { findingRoom, progressRoom } from './realtime-rooms.js';

/** What one domain event becomes on a socket. */
export type SocketMessage =
  | { kind: 'progress' | 'completion'; message: ServerMessageName; payload: RealtimeEventPayload; analysisId: string }
  | { kind: 'finding'; message: ServerMessageName; payload: RealtimeEventPayload; analysisId: string; severity: FindingSeverity }
  | { kind: 'integration'; message: ServerMessageName; payload: RealtimeEventPayload };

/**
 * The socket message of a domain event, or undefined for the types sockets do not see. One mapping
 * for the live fan-out and for the catch-up after START_ANALYSIS, so both send the same thing.
 */
export function socketMessageFor(event: AnyDomainEvent): SocketMessage | undefined {
  switch (event.type) {
    case 'analysis.progress':
      return { kind: 'progress', message: ServerMessage.ANALYSIS_PROGRESS, payload: envelope(event), analysisId: event.data.analysisId };
    case 'finding.detected':
      return {
        kind: 'finding',
        message: ServerMessage.SECURITY_FINDING,
        payload: envelope(event),
        analysisId: event.data.analysisId,
        severity: event.data.severity,
      };
    case 'analysis.completed':
    case 'analysis.failed':
    case 'analysis.cancelled':
      return {
        kind: 'completion',
        message: ServerMessage.ANALYSIS_COMPLETED,
        payload: { ...envelope(event), status: event.data.status },
        analysisId: event.data.analysisId,
      };
    case 'integration.status_changed':
      return { kind: 'integration', message: ServerMessage.INTEGRATION_STATUS, payload: envelope(event) };
    default:
      return undefined;
  }
}

/** The room of a followed analysis or project (`base`) that an analysis message goes to. */
export function messageRoom(base: string, message: Exclude<SocketMessage, { kind: 'integration' }>): string {
  switch (message.kind) {
    case 'progress':
      return progressRoom(base);
    case 'finding':
      return findingRoom(base, message.severity);
    case 'completion':
      return base;
  }
}

function envelope(event: AnyDomainEvent): RealtimeEventPayload {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt, projectId: event.projectId, data: event.data };
}
