// Development secrets, generated on first start and kept in .data/secrets.json (mode 0600).
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An API key in the gateway's format: `so_live_` + 32 base62 characters. */
export function newApiKey() {
  let key = 'so_live_';
  for (let i = 0; i < 32; i++) key += BASE62[randomInt(BASE62.length)];
  return key;
}

/**
 * @typedef {{ internalToken: string, secretsKey: string, bootstrapApiKey: string }} PlatformSecrets
 */

/**
 * Reads the secrets file, adding any value that is missing, and keeps it private to the owner.
 * @param {string} file
 * @returns {{ secrets: PlatformSecrets, created: boolean }}
 */
export function loadOrCreateSecrets(file) {
  /** @type {Partial<PlatformSecrets>} */
  let stored = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    // HMAC key for identities forwarded between services.
    internalToken: stored.internalToken ?? randomBytes(32).toString('base64url'),
    // 32-byte key (base64) for secrets at rest in integration and webhook.
    secretsKey: stored.secretsKey ?? randomBytes(32).toString('base64'),
    bootstrapApiKey: stored.bootstrapApiKey ?? newApiKey(),
  };
  const created = !stored.internalToken || !stored.secretsKey || !stored.bootstrapApiKey;
  if (created) writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secrets, created };
}
