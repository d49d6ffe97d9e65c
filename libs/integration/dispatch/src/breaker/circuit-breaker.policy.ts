/** The persisted part of an integration's circuit breaker. */
export interface BreakerState {
  consecutiveFailures: number;
  /** Set while the breaker is open (or half-open). */
  openedAt: Date | null;
  /** Set while the one half-open probe runs. */
  probeStartedAt: Date | null;
}

export interface BreakerPolicy {
  failureThreshold: number;
  cooldownMs: number;
  /** A probe older than this is considered lost (its worker died) and another may start. */
  probeTimeoutMs: number;
}

export type AttemptDecision = { kind: 'call'; probe: boolean } | { kind: 'wait'; retryAt: Date };

export const CLOSED_BREAKER: BreakerState = { consecutiveFailures: 0, openedAt: null, probeStartedAt: null };

/**
 * Closed: call. Open: wait until the cooldown is over. Half-open (cooldown over): exactly one
 * caller probes; the others wait a little and look again.
 */
export function decideAttempt(state: BreakerState, policy: BreakerPolicy, now: Date): AttemptDecision {
  if (!state.openedAt) return { kind: 'call', probe: false };
  const cooldownEnds = state.openedAt.getTime() + policy.cooldownMs;
  if (now.getTime() < cooldownEnds) return { kind: 'wait', retryAt: new Date(cooldownEnds) };
  if (state.probeStartedAt && now.getTime() < state.probeStartedAt.getTime() + policy.probeTimeoutMs) {
    return { kind: 'wait', retryAt: new Date(now.getTime() + Math.max(1_000, Math.min(policy.cooldownMs, policy.probeTimeoutMs) / 4)) };
  }
  return { kind: 'call', probe: true };
}

export function startProbe(state: BreakerState, now: Date): BreakerState {
  return { ...state, probeStartedAt: now };
}

/** Any success closes the breaker. */
export function afterSuccess(): BreakerState {
  return CLOSED_BREAKER;
}

/**
 * A failed probe re-opens the breaker for another cooldown; otherwise it opens after `failureThreshold`
 * consecutive failures, or at once when the failure cannot heal by itself (rejected credentials,
 * unknown repository): then calling again only repeats the error.
 */
export function afterFailure(state: BreakerState, policy: BreakerPolicy, now: Date, permanent: boolean): BreakerState {
  const consecutiveFailures = state.consecutiveFailures + 1;
  const open = state.probeStartedAt !== null || permanent || consecutiveFailures >= policy.failureThreshold;
  return { consecutiveFailures, openedAt: open ? now : state.openedAt, probeStartedAt: null };
}

export function isOpen(state: BreakerState): boolean {
  return state.openedAt !== null;
}
