import { Injectable } from '@nestjs/common';
import type { AnyDomainEvent, EventType } from '@so/contracts';
import { INTEGRATIONS_NAMESPACE, SECURITY_NAMESPACE } from './realtime.protocol.js';
import { messageRoom, socketMessageFor } from './realtime-messages.js';
import { emitToRooms } from './realtime-room-emit.js';
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
 * the one instance whose consumer received it; the Redis adapter carries it to the other instances
 * that have sockets in those rooms, and to none when nobody follows them.
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
    const socketMessage = socketMessageFor(event);
    if (!socketMessage) return false;
    if (socketMessage.kind === 'integration') {
      this.sockets.namespace(INTEGRATIONS_NAMESPACE).to(orgRoom(event.orgId)).emit(socketMessage.message, socketMessage.payload);
      return true;
    }
    // To the rooms of both the analysis and its project, once to a socket in both.
    const bases = [analysisRoom(event.orgId, socketMessage.analysisId)];
    if (event.projectId) bases.push(projectRoom(event.orgId, event.projectId));
    const rooms = bases.map((base) => messageRoom(base, socketMessage));
    emitToRooms(this.sockets.namespace(SECURITY_NAMESPACE), rooms, socketMessage.message, socketMessage.payload);
    return true;
  }
}
