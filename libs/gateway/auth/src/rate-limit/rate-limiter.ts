import type { RateLimitDecision } from '@so/shared';

/** Counts one request against a subject's quota. */
export interface RateLimiter {
  consume(subject: string): Promise<RateLimitDecision>;
}

/** Injection token of the per-API-key limiter (a LeasedWindowRateLimiter). */
export const API_KEY_RATE_LIMITER = Symbol('API_KEY_RATE_LIMITER');
