import { STREAM_ENTRY_ID } from '@so/gateway-subscriptions';

/** Orders two Redis stream entry ids (`<ms>-<seq>`); negative when `a` is older. */
export function compareEntryIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt);
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** A `Last-Event-ID` we can resume from, or undefined (absent or not one of our ids: start live). */
export function resumePosition(lastEventId: string | string[] | undefined): string | undefined {
  const value = Array.isArray(lastEventId) ? lastEventId[0] : lastEventId;
  return value && STREAM_ENTRY_ID.test(value.trim()) ? value.trim() : undefined;
}
