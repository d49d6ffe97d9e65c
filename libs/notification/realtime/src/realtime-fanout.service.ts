import { Injectable } from '@nestjs/common';
import type { AnyDomainEvent, EventType } from '@so/contracts';
import { INTEGRATIONS_NAMESPACE, SECURITY_NAMESPACE, ServerMessage, type RealtimeEventPayload, type ServerMessageName } from './realtime.protocol.js';
import { analysisRoom, orgRoom, projectRoom } from './realtime-rooms.js';
import { RecentIdsCache } from './recent-ids.cache.js';
import { SocketServerHost } from './socket-server.host.js';

/** The domain events that reach sockets. */
export const FANOUT_EVENT_TYPES = [
  'analysis.progress',
  'finding.detected',
  'analysis.completed',
  'analysis.failed',
  'analysis.cancelled',
  'integration.status_changed',
] as const satisfies readonly EventType[];

/** Events older than this are not pushed (real-time delivery; REST has the state). */
export const STALE_AFTER_MS = 10 * 60_000;

/**
 * Turns domain events into socket messages. Each event is emitted to rooms of its own org only, by
 * the one instance whose consumer received it; the Redis adapter carries it to the other instances.
 */
@Injectable()
export class RealtimeFanoutService {
  private readonly recent = new RecentIdsCache();

  constructor(private readonly sockets: SocketServerHost) {}

  /** Answers whether the event was emitted (false for duplicates and types sockets do not see). */
  publish(event: AnyDomainEvent, now = Date.now()): boolean {
    if (!event.orgId || this.recent.has(event.id)) return false;
    // After an outage the group resumes where it stopped; hour-old progress is noise, not news.
    const occurredAt = Date.parse(event.occurredAt);
    if (Number.isFinite(occurredAt) && now - occurredAt > STALE_AFTER_MS) return false;
    const emitted = this.emit(event);
    // Remembered only once emitted, so a failed attempt can be retried by the consumer.
    this.recent.remember(event.id);
    return emitted;
  }

  private emit(event: AnyDomainEvent): boolean {
    switch (event.type) {
      case 'analysis.progress':
        return this.toAnalysisRooms(event, ServerMessage.ANALYSIS_PROGRESS, envelope(event));
      case 'finding.detected':
        return this.toAnalysisRooms(event, ServerMessage.SECURITY_FINDING, envelope(event));
      case 'analysis.completed':
      case 'analysis.failed':
      case 'analysis.cancelled':
        return this.toAnalysisRooms(event, ServerMessage.ANALYSIS_COMPLETED, { ...envelope(event), status: event.data.status });
      case 'integration.status_changed':
        this.sockets.namespace(INTEGRATIONS_NAMESPACE).to(orgRoom(event.orgId)).emit(ServerMessage.INTEGRATION_STATUS, envelope(event));
        return true;
      case 'analysis.started':
      case 'webhook.endpoint_disabled':
        return false;
    }
  }

  private toAnalysisRooms(event: AnyDomainEvent & { data: { analysisId: string } }, message: ServerMessageName, payload: RealtimeEventPayload): boolean {
    // One emit to both rooms: socket.io delivers once to a socket that is in both.
    const rooms = [analysisRoom(event.orgId, event.data.analysisId)];
    if (event.projectId) rooms.push(projectRoom(event.orgId, event.projectId));
    this.sockets.namespace(SECURITY_NAMESPACE).to(rooms).emit(message, payload);
    return true;
  }
}

function envelope(event: AnyDomainEvent): RealtimeEventPayload {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt, projectId: event.projectId, data: event.data };
}
