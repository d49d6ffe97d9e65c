import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  sub: string;
  username: string;
  role: string;
  iat: number;
  exp: number;
}

/** The vulnerable build's signing key: short, guessable, and published in every tutorial. */
export const WEAK_JWT_SECRET = 'changeme';

export const TOKEN_LIFETIME_SECONDS = 8 * 3600;

export function newStrongSecret(): string {
  return randomBytes(32).toString('base64url');
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signToken(claims: Omit<TokenClaims, 'iat' | 'exp'>, secret: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat, exp: iat + TOKEN_LIFETIME_SECONDS })}`;
  return `${body}.${sign(body, secret)}`;
}

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The classic broken verifier: trusts the token's own `alg` (so `none` skips the signature) and
 * never looks at `exp`. Returns the claims or undefined.
 */
export function verifyTokenCarelessly(token: string, secret: string): Record<string, unknown> | undefined {
  const [head, payload, signature] = token.split('.');
  const header = decodePart(head);
  const claims = decodePart(payload);
  if (!header || !claims) return undefined;
  if (String(header['alg']).toLowerCase() === 'none') return claims;
  if (header['alg'] !== 'HS256' || !signature) return undefined;
  return safeEqual(signature, sign(`${head}.${payload}`, secret)) ? claims : undefined;
}

/** Pins the algorithm, checks the signature in constant time and requires an unexpired `exp`. */
export function verifyTokenStrictly(
  token: string,
  secret: string,
  now = Date.now(),
): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, payload, signature] = parts as [string, string, string];
  const header = decodePart(head);
  if (!header || header['alg'] !== 'HS256') return undefined;
  if (!safeEqual(signature, sign(`${head}.${payload}`, secret))) return undefined;
  const claims = decodePart(payload);
  const exp = claims?.['exp'];
  if (!claims || typeof exp !== 'number' || exp * 1000 <= now) return undefined;
  return claims;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
