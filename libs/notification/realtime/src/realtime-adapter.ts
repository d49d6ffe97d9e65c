import { createShardedAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';

/** Prefix of the adapter's pub/sub channels, so they cannot clash with other socket.io apps on the same Redis. */
export const ADAPTER_CHANNEL_PREFIX = 'so:socket.io';

/**
 * The socket.io adapter that shares rooms between instances: Redis sharded pub/sub (Redis ≥ 7) in
 * `dynamic` mode. An emit to one room is published on that room's own channel, and an instance
 * subscribes to a room's channel only while it has sockets in the room. An event nobody follows
 * then costs the emitting instance one SPUBLISH that Redis hands to no one, where the classic
 * adapter's PUBLISH reached every instance, the emitting one included (and was decoded by each when
 * it named several rooms).
 * An emit to several rooms at once goes to the namespace channel that every instance reads, which
 * is why the fan-out emits to one room at a time.
 */
export function createRealtimeAdapter(pub: Redis, sub: Redis): ServerOptions['adapter'] {
  return createShardedAdapter(pub, sub, { channelPrefix: ADAPTER_CHANNEL_PREFIX, subscriptionMode: 'dynamic' });
}

/** How long a join waits for Redis to confirm its channel subscriptions before answering anyway. */
const SETTLE_TIMEOUT_MS = 2_000;

/**
 * Resolves once Redis has applied every SSUBSCRIBE and SUNSUBSCRIBE the adapter sent on `sub` so
 * far: a connection's replies come in order, so a PING sent now is answered after theirs. Until an
 * instance listens on a room's channel, what other instances emit to the room does not reach its
 * sockets there, so a socket is told it joined only after this. Never rejects and gives up after
 * `timeoutMs`: without Redis no event is fanned out anyway, and ioredis re-subscribes on reconnect.
 */
export async function adapterSubscriptionsSettled(sub: { ping(): Promise<unknown> }, timeoutMs = SETTLE_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    // A failed PING means the connection is down: nothing to wait for then.
    const answered = sub.ping().then(
      () => undefined,
      () => undefined,
    );
    await Promise.race([answered, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
