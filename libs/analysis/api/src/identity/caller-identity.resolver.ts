import type { Metadata } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { AnalysisException } from '@so/analysis-feature';
import { IDENTITY_HEADER, verifyIdentity, VerifiedIdentityCache, type CallerIdentity } from '@so/shared';
import { ANALYSIS_API_OPTIONS, type AnalysisApiOptions } from '../analysis-api.options.js';

/** Reads the identity the gateway signed with INTERNAL_TOKEN; no valid identity → UNAUTHENTICATED. */
@Injectable()
export class CallerIdentityResolver {
  /** The gateway reuses a caller's token for a minute: most calls carry a token verified before. */
  private readonly verified: VerifiedIdentityCache;

  constructor(@Inject(ANALYSIS_API_OPTIONS) private readonly options: AnalysisApiOptions) {
    this.verified = new VerifiedIdentityCache({ internalToken: options.internalToken });
  }

  fromGrpc(metadata: Metadata | undefined): CallerIdentity {
    return this.fromToken(metadata?.get(IDENTITY_HEADER)[0]);
  }

  /** A signed identity carried in a message (one per start of a StartAnalyses call). */
  fromToken(token: unknown): CallerIdentity {
    const identity = this.verified.verify(token);
    if (!identity) throw AnalysisException.unauthenticated();
    return identity;
  }

  /** For the GraphQL context: undefined instead of throwing, so `_service` still works without one. */
  fromHeader(value: unknown): CallerIdentity | undefined {
    return verifyIdentity(Array.isArray(value) ? value[0] : value, this.options.internalToken);
  }
}
