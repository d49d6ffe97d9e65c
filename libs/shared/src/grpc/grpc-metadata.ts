import { Metadata } from '@grpc/grpc-js';
import { CORRELATION_HEADER, correlationIdOrNew, sanitizeCorrelationId } from '../logging/correlation.js';
import { IDENTITY_HEADER, signIdentity, verifyIdentity, type CallerIdentity } from '../identity/identity-token.js';

/** Metadata for an internal call: the caller's identity signed with INTERNAL_TOKEN and the correlation id. */
export function internalCallMetadata(identity: CallerIdentity, internalToken: string): Metadata {
  const metadata = new Metadata();
  metadata.set(IDENTITY_HEADER, signIdentity(identity, internalToken));
  metadata.set(CORRELATION_HEADER, correlationIdOrNew());
  return metadata;
}

export function identityFromMetadata(metadata: Metadata | undefined, internalToken: string): CallerIdentity | undefined {
  return verifyIdentity(metadata?.get(IDENTITY_HEADER)[0], internalToken);
}

export function correlationFromMetadata(metadata: Metadata | undefined): string | undefined {
  return sanitizeCorrelationId(metadata?.get(CORRELATION_HEADER)[0]);
}
