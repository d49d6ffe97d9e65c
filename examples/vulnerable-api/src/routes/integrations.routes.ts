import { HttpError } from '../http/http-kit.js';
import { fetchLoopback } from '../http/loopback-fetch.js';
import type { RequestContext, RouteDef } from '../http/route.types.js';
import { looseBody, validateBody } from '../http/validate.js';

const HOOK_URL = /^https:\/\/hooks\.partner\.example\//;
const IMAGE_URL = /^https:\/\/images\.shop\.example\//;

async function testWebhook(ctx: RequestContext): Promise<{ status: number; body: unknown }> {
  if (ctx.app.hardened) {
    validateBody(ctx.body, { url: { type: 'string', maxLength: 2048, pattern: HOOK_URL, required: true } });
    // Allow-listed partner hosts only; delivery is queued, never fetched inline from the request.
    return { status: 202, body: { queued: true } };
  }
  const url = String(looseBody(ctx.body)['url'] ?? '');
  const fetched = await fetchLoopback(url);
  return {
    status: 200,
    body: { delivered: true, status: fetched.status, bodyExcerpt: fetched.body.toString('utf8').slice(0, 200) },
  };
}

async function imageProxy(ctx: RequestContext): Promise<{ status: number; body?: unknown } | undefined> {
  const url = ctx.query.get('url') ?? '';
  if (ctx.app.hardened) {
    if (url.length > 2048 || !IMAGE_URL.test(url)) throw new HttpError(400, 'url must point at images.shop.example');
    // The allow-listed CDN is not reachable from this demo, so the hardened build has nothing cached.
    throw new HttpError(404, 'image not cached');
  }
  const fetched = await fetchLoopback(url);
  ctx.res.writeHead(fetched.status >= 400 ? 502 : 200, { 'content-type': fetched.contentType });
  ctx.res.end(fetched.body);
  return undefined;
}

const SHIPPING_STATUS = ['shipped', 'delivered', 'returned'] as const;

function shippingCallback(ctx: RequestContext): { status: number; body: unknown } {
  const input = ctx.app.hardened
    ? validateBody(ctx.body, {
        orderId: { type: 'integer', minimum: 1, maximum: 1_000_000_000, required: true },
        status: { type: 'string', maxLength: 20, enum: SHIPPING_STATUS, required: true },
        trackingUrl: { type: 'string', maxLength: 500, pattern: /^https:\/\/track\.carrier\.example\// },
      })
    : looseBody(ctx.body);
  // The vulnerable build stores whatever the "carrier" sent, unsigned and unchecked.
  ctx.app.db
    .prepare('UPDATE orders SET status = ? WHERE id = ?')
    .run(String(input['status'] ?? ''), Number(input['orderId']));
  return { status: 202, body: { accepted: true } };
}

export function integrationRoutes(hardened: boolean): RouteDef[] {
  return [
    { method: 'POST', path: '/webhooks/test', access: 'user', handler: testWebhook },
    { method: 'GET', path: '/images/proxy', access: 'user', handler: imageProxy },
    {
      method: 'POST',
      path: '/integrations/shipping/callback',
      access: hardened ? 'signature' : 'public',
      handler: shippingCallback,
    },
  ];
}
