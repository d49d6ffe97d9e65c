import { DomainException } from '@so/shared';
import type { RateLimitDecision } from '@so/shared';

/** 429 carrying the decision, so the transport can still emit the RateLimit-* headers. */
export class RateLimitExceededException extends DomainException {
  constructor(readonly decision: RateLimitDecision) {
    super(
      'RATE_LIMITED',
      'RATE_LIMIT.EXCEEDED',
      `rate limit of ${decision.limit} requests per ${decision.windowSeconds} s exceeded; retry in ${decision.resetSeconds} s`,
      [],
      decision.resetSeconds,
    );
  }
}
