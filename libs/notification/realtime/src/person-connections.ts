import type { CallerIdentity } from '@so/shared';
import type { RealtimeSocket } from './realtime-socket.types.js';

/**
 * This instance's open sockets by person (org and principal), on every namespace: what a change of
 * a person's preferences has to reach here. Kept in memory rather than as a socket.io room, which
 * would cost a Redis channel per connected person for a lookup that is only ever local.
 */
export class PersonConnections {
  private readonly byPerson = new Map<string, Set<RealtimeSocket>>();

  add(socket: RealtimeSocket): void {
    const key = personKey(socket.data.identity);
    let sockets = this.byPerson.get(key);
    if (!sockets) this.byPerson.set(key, (sockets = new Set()));
    sockets.add(socket);
  }

  remove(socket: RealtimeSocket): void {
    const key = personKey(socket.data.identity);
    const sockets = this.byPerson.get(key);
    if (!sockets) return;
    sockets.delete(socket);
    if (sockets.size === 0) this.byPerson.delete(key);
  }

  of(person: Pick<CallerIdentity, 'orgId' | 'principalId'>): RealtimeSocket[] {
    return [...(this.byPerson.get(personKey(person)) ?? [])];
  }
}

function personKey({ orgId, principalId }: Pick<CallerIdentity, 'orgId' | 'principalId'>): string {
  return `${orgId}\u0000${principalId}`;
}
