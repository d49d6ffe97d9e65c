import type { Metadata } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { AnalysisException } from '@so/analysis-feature';
import { identityFromMetadata, verifyIdentity, type CallerIdentity } from '@so/shared';
import { ANALYSIS_API_OPTIONS, type AnalysisApiOptions } from '../analysis-api.options.js';

/** Reads the identity the gateway signed with INTERNAL_TOKEN; no valid identity → UNAUTHENTICATED. */
@Injectable()
export class CallerIdentityResolver {
  constructor(@Inject(ANALYSIS_API_OPTIONS) private readonly options: AnalysisApiOptions) {}

  fromGrpc(metadata: Metadata | undefined): CallerIdentity {
    const identity = identityFromMetadata(metadata, this.options.internalToken);
    if (!identity) throw AnalysisException.unauthenticated();
    return identity;
  }

  /** For the GraphQL context: undefined instead of throwing, so `_service` still works without one. */
  fromHeader(value: unknown): CallerIdentity | undefined {
    return verifyIdentity(Array.isArray(value) ? value[0] : value, this.options.internalToken);
  }
}
