import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { authenticate } from '../auth/authenticate.js';
import { HttpError, parseQuery, readBody, sendJson, sendProblem } from './http-kit.js';
import { RateLimiter } from './rate-limiter.js';
import type { AppState, RequestContext, RouteDef } from './route.types.js';
import { Router } from './router.js';

const TRUSTED_ORIGIN = 'https://app.example';

/**
 * One request pipeline for both builds; `app.hardened` decides headers, CORS, error detail,
 * validation and rate limits. The vulnerable build behaves like a careless Express app: framework
 * banner, CORS that echoes any origin with credentials, stack traces in 500s.
 */
export function createRequestHandler(app: AppState, routes: readonly RouteDef[]): RequestListener {
  const router = new Router(routes);
  const standard = new RateLimiter(20, 10_000);
  const strict = new RateLimiter(5, 60_000);

  return (req, res) => {
    void handle(req, res).catch((error: unknown) => sendError(res, app.hardened, error));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(req, res, app.hardened);
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const path = rawPath.replace(/\/{2,}/g, '/');
    const method = (req.method ?? 'GET').toUpperCase();
    app.onRequest?.(method, path);
    const query = safeQuery(rawQuery, app.hardened);
    const rawBody = await readBody(req);
    const body = parseBody(rawBody, req.headers['content-type'], app.hardened);

    if (method === 'OPTIONS') return preflight(req, res, router.methodsFor(path), app.hardened);
    const match = router.match(method, path);
    if (!match) {
      const allowed = router.methodsFor(path);
      if (allowed.length > 0) throw new HttpError(405, 'method not allowed', { allow: allowed.join(', ') });
      throw new HttpError(404, 'not found');
    }
    const ctx: RequestContext = { req, res, app, params: match.params, query, body, rawBody };
    if (app.hardened) {
      const client = req.headers.authorization ?? req.socket.remoteAddress ?? 'unknown';
      const limiter = match.route.limit === 'auth' ? strict : standard;
      const wait = limiter.hit(`${match.route.method} ${match.route.path} ${client}`);
      if (wait > 0) throw new HttpError(429, 'too many requests', { 'retry-after': String(wait) });
    }
    authenticate(ctx, match.route.access);
    const reply = await match.route.handler(ctx);
    if (!reply) return;
    sendJson(res, reply.status ?? 200, method === 'HEAD' ? undefined : reply.body, reply.headers);
  }
}

function setCommonHeaders(req: IncomingMessage, res: ServerResponse, hardened: boolean): void {
  const origin = req.headers.origin;
  if (hardened) {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Vary', 'Origin');
    if (origin === TRUSTED_ORIGIN) {
      res.setHeader('Access-Control-Allow-Origin', TRUSTED_ORIGIN);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
    }
    return;
  }
  res.setHeader('X-Powered-By', 'Express/4.17.1');
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
}

function safeQuery(rawQuery: string, hardened: boolean): URLSearchParams {
  try {
    return parseQuery(rawQuery);
  } catch (error) {
    // The vulnerable build lets the URIError escape to the generic 500 handler, stack and all.
    if (!hardened) throw error;
    throw new HttpError(400, 'malformed query string');
  }
}

function parseBody(raw: string, contentType: string | undefined, hardened: boolean): unknown {
  if (!raw) return undefined;
  if (!/json/i.test(contentType ?? '')) {
    if (hardened) throw new HttpError(415, 'send application/json');
    return undefined;
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    if (!hardened) throw error;
    throw new HttpError(400, 'malformed JSON body');
  }
}

function preflight(req: IncomingMessage, res: ServerResponse, methods: string[], hardened: boolean): void {
  if (methods.length === 0) throw new HttpError(404, 'not found');
  const headers: Record<string, string> = { allow: methods.join(', ') };
  if (res.hasHeader('access-control-allow-origin')) {
    headers['access-control-allow-methods'] = methods.join(', ');
    headers['access-control-allow-headers'] = String(
      req.headers['access-control-request-headers'] ?? (hardened ? 'authorization, content-type' : '*'),
    );
    headers['access-control-max-age'] = '600';
  }
  res.writeHead(204, headers).end();
}

function sendError(res: ServerResponse, hardened: boolean, error: unknown): void {
  if (error instanceof HttpError) {
    if (hardened) sendProblem(res, error.status, error.message, {}, error.headers);
    else sendJson(res, error.status, { error: error.message }, error.headers);
    return;
  }
  if (hardened) {
    sendProblem(res, 500, 'Internal Server Error', { errorId: randomUUID() });
    return;
  }
  const { message, stack, code } = error as { message?: string; stack?: string; code?: string };
  sendJson(res, 500, { error: message ?? String(error), ...(code ? { code } : {}), stack });
}
