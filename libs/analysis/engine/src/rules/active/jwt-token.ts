import { createHmac, timingSafeEqual } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: string;
}

const HMAC_ALGS: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Signing keys that show up in tutorials, defaults and leaked configs. Tried offline against the
 * test account's own token: no request is sent per guess.
 */
export const WEAK_SECRETS: readonly string[] = [
  'secret',
  'changeme',
  'change-me',
  'changeit',
  'password',
  'password123',
  '123456',
  '12345678',
  'admin',
  'key',
  'jwt',
  'jwtsecret',
  'jwt-secret',
  'jwt_secret',
  'jwtkey',
  'jwt-key',
  'secretkey',
  'secret-key',
  'secret_key',
  'mysecret',
  'my-secret',
  'my_secret',
  'mysecretkey',
  'supersecret',
  'super-secret',
  'topsecret',
  's3cr3t',
  'secret123',
  'your-256-bit-secret',
  'your-secret-key',
  'your_jwt_secret',
  'shhhhh',
  'shhhh',
  'test',
  'testing',
  'dev',
  'development',
  'default',
  'qwerty',
  'letmein',
  'token',
  'auth',
  'app',
  'api',
  'private',
  'hello',
  'welcome',
  'keyboard cat',
  'abc123',
  'passw0rd',
];

const b64json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (!isRecord(header) || !isRecord(payload) || typeof header['alg'] !== 'string') return undefined;
    return { header, payload, signingInput: `${head}.${body}`, signature };
  } catch {
    return undefined;
  }
}

/** An unsigned token (`alg` as given, empty signature). */
export function unsignedJwt(header: Record<string, unknown>, payload: Record<string, unknown>, alg: string): string {
  return `${b64json({ ...header, alg })}.${b64json(payload)}.`;
}

/** The payload changed, the original signature kept: only a verifier that skips the check accepts it. */
export function tamperedJwt(token: DecodedJwt): string {
  const [head] = token.signingInput.split('.');
  return `${head}.${b64json({ ...token.payload, so_probe: 1 })}.${token.signature}`;
}

export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const alg = String(header['alg']);
  const input = `${b64json(header)}.${b64json(payload)}`;
  return `${input}.${createHmac(HMAC_ALGS[alg] ?? 'sha256', secret)
    .update(input)
    .digest('base64url')}`;
}

/** The HMAC key from the list that produced this token's signature, if any. */
export function crackHmacSecret(token: DecodedJwt, candidates: readonly string[] = WEAK_SECRETS): string | undefined {
  const digest = HMAC_ALGS[String(token.header['alg'])];
  if (!digest) return undefined;
  const expected = Buffer.from(token.signature, 'base64url');
  for (const secret of candidates) {
    const actual = createHmac(digest, secret).update(token.signingInput).digest();
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return secret;
  }
  return undefined;
}

/** `ch****me`: enough for the owner to recognise the key, not enough to paste it. */
export function maskSecret(secret: string): string {
  if (secret.length <= 4) return '*'.repeat(secret.length);
  return `${secret.slice(0, 2)}${'*'.repeat(secret.length - 4)}${secret.slice(-2)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
