import { DomainException } from '@so/shared';

/** A part of a webhook service answer the contract promises; its absence is the peer's bug, not the caller's. */
export function requireFromWebhookService<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new DomainException('INTERNAL', 'UPSTREAM.INVALID_RESPONSE', `the webhook service answered without the ${what}`);
  }
  return value;
}
