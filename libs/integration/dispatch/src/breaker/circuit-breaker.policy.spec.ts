import { afterFailure, afterSuccess, CLOSED_BREAKER, decideAttempt, isOpen, startProbe, type BreakerPolicy } from './circuit-breaker.policy.js';

const policy: BreakerPolicy = { failureThreshold: 3, cooldownMs: 10_000, probeTimeoutMs: 5_000 };
const at = (ms: number) => new Date(1_700_000_000_000 + ms);

describe('circuit breaker policy', () => {
  it('stays closed below the failure threshold and opens when it is reached', () => {
    let state = afterFailure(CLOSED_BREAKER, policy, at(0), false);
    state = afterFailure(state, policy, at(1), false);
    expect(isOpen(state)).toBe(false);
    expect(decideAttempt(state, policy, at(2))).toEqual({ kind: 'call', probe: false });
    state = afterFailure(state, policy, at(3), false);
    expect(isOpen(state)).toBe(true);
    expect(decideAttempt(state, policy, at(4))).toEqual({ kind: 'wait', retryAt: at(3 + policy.cooldownMs) });
  });

  it('opens at once on a failure that cannot heal by itself', () => {
    expect(isOpen(afterFailure(CLOSED_BREAKER, policy, at(0), true))).toBe(true);
  });

  it('lets exactly one probe through after the cooldown, and re-opens when the probe fails', () => {
    const open = afterFailure(CLOSED_BREAKER, policy, at(0), true);
    expect(decideAttempt(open, policy, at(policy.cooldownMs))).toEqual({ kind: 'call', probe: true });
    const probing = startProbe(open, at(policy.cooldownMs));
    expect(decideAttempt(probing, policy, at(policy.cooldownMs + 1)).kind).toBe('wait');
    const reopened = afterFailure(probing, policy, at(policy.cooldownMs + 2), false);
    expect(reopened.openedAt).toEqual(at(policy.cooldownMs + 2));
    expect(decideAttempt(reopened, policy, at(policy.cooldownMs + 3)).kind).toBe('wait');
  });

  it('allows a new probe when the previous one was lost', () => {
    const probing = startProbe(afterFailure(CLOSED_BREAKER, policy, at(0), true), at(policy.cooldownMs));
    expect(decideAttempt(probing, policy, at(policy.cooldownMs + policy.probeTimeoutMs))).toEqual({ kind: 'call', probe: true });
  });

  it('closes after a success', () => {
    expect(afterSuccess()).toEqual(CLOSED_BREAKER);
  });
});
