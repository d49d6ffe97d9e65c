import type { CallerIdentity } from '@so/shared';
import { WebhookException } from '../webhook.exception.js';

/** Per-request GraphQL context: the verified caller (absent when the x-so-identity header is missing or invalid). */
export interface WebhookGraphqlContext {
  identity?: CallerIdentity;
}

/** Resolvers call this even though the identity plugin already refused anonymous operations: defence in depth. */
export function requireGraphqlIdentity(context: WebhookGraphqlContext): CallerIdentity {
  if (!context.identity) {
    throw new WebhookException(
      'UNAUTHENTICATED',
      'WEBHOOK.UNAUTHENTICATED',
      'a valid x-so-identity header is required',
    );
  }
  return context.identity;
}
