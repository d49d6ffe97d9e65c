import type { AnyDomainEvent } from '@so/contracts';
import { ServerMessage, type RealtimeEventPayload, type ServerMessageName } from './realtime.protocol.js';

/** What one domain event becomes on a socket. */
export interface SocketMessage {
  message: ServerMessageName;
  payload: RealtimeEventPayload;
  /** Set for the messages of one analysis (progress, findings, completion). */
  analysisId?: string;
}

/**
 * The socket message of a domain event, or undefined for the types sockets do not see. One mapping
 * for the live fan-out and for the catch-up after START_ANALYSIS, so both send the same thing.
 */
export function socketMessageFor(event: AnyDomainEvent): SocketMessage | undefined {
  switch (event.type) {
    case 'analysis.progress':
      return { message: ServerMessage.ANALYSIS_PROGRESS, payload: envelope(event), analysisId: event.data.analysisId };
    case 'finding.detected':
      return { message: ServerMessage.SECURITY_FINDING, payload: envelope(event), analysisId: event.data.analysisId };
    case 'analysis.completed':
    case 'analysis.failed':
    case 'analysis.cancelled':
      return {
        message: ServerMessage.ANALYSIS_COMPLETED,
        payload: { ...envelope(event), status: event.data.status },
        analysisId: event.data.analysisId,
      };
    case 'integration.status_changed':
      return { message: ServerMessage.INTEGRATION_STATUS, payload: envelope(event) };
    default:
      return undefined;
  }
}

function envelope(event: AnyDomainEvent): RealtimeEventPayload {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt, projectId: event.projectId, data: event.data };
}
