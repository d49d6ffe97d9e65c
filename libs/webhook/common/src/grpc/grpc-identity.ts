import type { Metadata } from '@grpc/grpc-js';
import { identityFromMetadata, type CallerIdentity } from '@so/shared';
import { WebhookException } from '../webhook.exception.js';

/** The caller the gateway vouches for, or UNAUTHENTICATED: no org, no access. */
export function requireGrpcIdentity(metadata: Metadata | undefined, internalToken: string): CallerIdentity {
  const identity = identityFromMetadata(metadata, internalToken);
  if (!identity) {
    throw new WebhookException(
      'UNAUTHENTICATED',
      'WEBHOOK.UNAUTHENTICATED',
      'a valid signed caller identity is required',
    );
  }
  return identity;
}
