import { Inject, Injectable } from '@nestjs/common';
import { scopeAllows, VerifyApiKeyUseCase, type ApiScope } from '@so/gateway-identity';
import { DomainException } from '@so/shared';
import type { IncomingHttpHeaders } from 'node:http';
import { extractApiKey } from './credentials/api-key-credentials.js';
import type { AuthenticatedCaller } from './http/authenticated-caller.js';
import type { RateLimitDecision } from '@so/shared';
import { RateLimitExceededException } from './rate-limit/rate-limit-exceeded.exception.js';
import { API_KEY_RATE_LIMITER, type RateLimiter } from './rate-limit/rate-limiter.js';

export interface AuthenticationResult {
  caller: AuthenticatedCaller;
  rateLimit: RateLimitDecision;
}

/**
 * The edge's authentication use case, shared by REST and GraphQL: key from the headers → verified
 * identity → per-key quota → scope. Throws DomainException (UNAUTHENTICATED, RATE_LIMITED,
 * PERMISSION_DENIED); each transport maps it.
 */
@Injectable()
export class ApiKeyAuthenticator {
  constructor(
    private readonly verifyApiKey: VerifyApiKeyUseCase,
    @Inject(API_KEY_RATE_LIMITER) private readonly rateLimiter: RateLimiter,
  ) {}

  async authenticate(
    headers: IncomingHttpHeaders,
    correlationId: string,
    requiredScope?: ApiScope,
  ): Promise<AuthenticationResult> {
    const key = extractApiKey(headers);
    const verified = await this.verifyApiKey.execute(key);
    if (!verified)
      throw new DomainException(
        'UNAUTHENTICATED',
        'AUTH.INVALID_API_KEY',
        'the API key is invalid or has been revoked',
      );
    const rateLimit = await this.rateLimiter.consume(verified.keyId);
    if (!rateLimit.allowed) throw new RateLimitExceededException(rateLimit);
    if (requiredScope && !scopeAllows(verified.scopes, requiredScope)) {
      throw new DomainException(
        'PERMISSION_DENIED',
        'AUTH.INSUFFICIENT_SCOPE',
        `this operation needs an API key with scope '${requiredScope}'`,
      );
    }
    return {
      caller: {
        identity: { orgId: verified.orgId, principalId: verified.keyId, scopes: verified.scopes },
        correlationId,
      },
      rateLimit,
    };
  }
}
