import { createHmac, timingSafeEqual } from 'node:crypto';
import type { UserRow } from '../data/database.js';
import { HttpError } from '../http/http-kit.js';
import type { Access, AppState, RequestContext } from '../http/route.types.js';
import { verifyTokenCarelessly, verifyTokenStrictly } from './jwt.js';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="shop"' };

function bearerToken(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match) return match[1];
  // The vulnerable build also takes the token from the URL, where logs and proxies keep it.
  return ctx.app.hardened ? undefined : (ctx.query.get('access_token') ?? undefined);
}

function userFromToken(app: AppState, token: string): UserRow | undefined {
  const claims = app.hardened ? verifyTokenStrictly(token, app.jwtSecret) : verifyTokenCarelessly(token, app.jwtSecret);
  const id = Number(claims?.['sub']);
  if (!Number.isInteger(id)) return undefined;
  return app.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
}

/** Resolves the caller when a token came along, then enforces the route's access level. */
export function authenticate(ctx: RequestContext, access: Access): void {
  const token = bearerToken(ctx);
  const user = token ? userFromToken(ctx.app, token) : undefined;
  if (user) ctx.user = user;
  switch (access) {
    case 'public':
      return;
    case 'user':
      if (!user) throw new HttpError(401, 'authentication required', CHALLENGE);
      return;
    case 'admin':
      if (!user) throw new HttpError(401, 'authentication required', CHALLENGE);
      if (user.role !== 'admin') throw new HttpError(403, 'admin role required');
      return;
    case 'signature':
      if (!validSignature(ctx)) throw new HttpError(401, 'missing or invalid X-Shipping-Signature');
      return;
  }
}

/** HMAC-SHA256 of the raw body, hex, as the carrier sends it. */
export function shippingSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

function validSignature(ctx: RequestContext): boolean {
  const given = String(ctx.req.headers['x-shipping-signature'] ?? '');
  const expected = shippingSignature(ctx.rawBody, ctx.app.shippingSecret);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
