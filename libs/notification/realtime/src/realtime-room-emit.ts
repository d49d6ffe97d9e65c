import type { RealtimeNamespaceHandle } from './realtime-socket.types.js';

/**
 * Emits one message to every socket in any of `rooms`, each socket once, as one single-room emit
 * per room: the sharded adapter publishes a single-room emit on that room's own channel, read only
 * by the instances with sockets in the room, where one emit to several rooms would go to the
 * channel every instance reads. Each emit skips the sockets of the rooms before it, which is the
 * once-per-socket rule socket.io applies within one multi-room emit.
 */
export function emitToRooms(namespace: RealtimeNamespaceHandle, rooms: readonly string[], message: string, payload: unknown): void {
  rooms.forEach((room, index) => {
    namespace.to(room).except(rooms.slice(0, index)).emit(message, payload);
  });
}
