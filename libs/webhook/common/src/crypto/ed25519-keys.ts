import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Standard Webhooks prefixes of asymmetric keys. */
export const WEBHOOK_PRIVATE_KEY_PREFIX = 'whsk_';
export const WEBHOOK_PUBLIC_KEY_PREFIX = 'whpk_';

// DER prefixes that wrap a raw 32-byte ed25519 seed / public key as PKCS#8 / SPKI.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface Ed25519KeyPair {
  /** `whsk_` + base64 of the 32-byte seed; stays on our side, encrypted at rest. */
  privateKey: string;
  /** `whpk_` + base64 of the raw 32-byte public key; given to the partner. */
  publicKey: string;
}

export function generateEd25519KeyPair(): Ed25519KeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return {
    privateKey: WEBHOOK_PRIVATE_KEY_PREFIX + seed.toString('base64'),
    publicKey: WEBHOOK_PUBLIC_KEY_PREFIX + rawPublicKey(privateKey).toString('base64'),
  };
}

/** The signing key for a `whsk_` private key. */
export function ed25519PrivateKey(privateKey: string): KeyObject {
  const seed = Buffer.from(privateKey.replace(WEBHOOK_PRIVATE_KEY_PREFIX, ''), 'base64');
  if (seed.length !== 32) throw new Error('an ed25519 private key is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** The verification key for a `whpk_` public key (partners do the same with their crypto library). */
export function ed25519PublicKey(publicKey: string): KeyObject {
  const raw = Buffer.from(publicKey.replace(WEBHOOK_PUBLIC_KEY_PREFIX, ''), 'base64');
  if (raw.length !== 32) throw new Error('an ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPublicKey(privateKey: KeyObject): Buffer {
  return createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
}
