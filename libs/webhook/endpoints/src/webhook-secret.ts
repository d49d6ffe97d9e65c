import { randomBytes } from 'node:crypto';

/** Prefix of Standard Webhooks signing secrets. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret in the Standard Webhooks format: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(24).toString('base64');
}
