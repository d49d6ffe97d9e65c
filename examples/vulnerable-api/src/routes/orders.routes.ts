import type { UserRow } from '../data/database.js';
import { HttpError } from '../http/http-kit.js';
import type { RequestContext, RouteDef } from '../http/route.types.js';
import { intParam, looseBody, validateBody } from '../http/validate.js';
import { orderView, type OrderRow } from './views.js';

function caller(ctx: RequestContext): UserRow {
  if (!ctx.user) throw new HttpError(401, 'authentication required');
  return ctx.user;
}

function findOrder(ctx: RequestContext): OrderRow {
  const id = Number(ctx.params['orderId']);
  if (!Number.isInteger(id)) throw new HttpError(400, 'orderId must be an integer');
  const order = ctx.app.db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as OrderRow | undefined;
  if (!order) throw new HttpError(404, 'order not found');
  if (ctx.app.hardened) {
    const user = caller(ctx);
    if (order.user_id !== user.id && user.role !== 'admin') throw new HttpError(404, 'order not found');
  }
  return order;
}

function listOrders(ctx: RequestContext): { body: unknown } {
  const user = caller(ctx);
  const limit = intParam(ctx.query.get('limit'), 20, ctx.app.hardened ? { minimum: 1, maximum: 50 } : undefined);
  const rows = ctx.app.db
    .prepare('SELECT * FROM orders WHERE user_id = ? ORDER BY id LIMIT ?')
    .all(user.id, limit) as OrderRow[];
  return { body: rows.map(orderView) };
}

function createOrder(ctx: RequestContext): { status: number; body: unknown } {
  const user = caller(ctx);
  const input = ctx.app.hardened
    ? validateBody(ctx.body, {
        productId: { type: 'integer', minimum: 1, maximum: 1_000_000_000, required: true },
        quantity: { type: 'integer', minimum: 1, maximum: 100, required: true },
        note: { type: 'string', maxLength: 500 },
      })
    : looseBody(ctx.body);
  const productId = Number(input['productId']);
  if (!ctx.app.db.prepare('SELECT 1 FROM products WHERE id = ?').get(productId)) {
    throw new HttpError(404, 'product not found');
  }
  const result = ctx.app.db
    .prepare('INSERT INTO orders (user_id, product_id, quantity, note, status, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(
      user.id,
      productId,
      Number(input['quantity'] ?? 1),
      String(input['note'] ?? ''),
      'placed',
      new Date().toISOString(),
    );
  const order = ctx.app.db.prepare('SELECT * FROM orders WHERE id = ?').get(result.lastInsertRowid) as OrderRow;
  return { status: 201, body: orderView(order) };
}

function getOrder(ctx: RequestContext): { body: unknown } {
  caller(ctx);
  return { body: orderView(findOrder(ctx)) };
}

function deleteOrder(ctx: RequestContext): { status: number } {
  const order = findOrder(ctx);
  ctx.app.db.prepare('DELETE FROM orders WHERE id = ?').run(order.id);
  return { status: 204 };
}

export function orderRoutes(hardened: boolean): RouteDef[] {
  return [
    { method: 'GET', path: '/orders', access: 'user', handler: listOrders },
    { method: 'POST', path: '/orders', access: 'user', handler: createOrder },
    { method: 'GET', path: '/orders/{orderId}', access: 'user', handler: getOrder },
    // The vulnerable build forgot the guard on DELETE: anyone can delete any order.
    { method: 'DELETE', path: '/orders/{orderId}', access: hardened ? 'user' : 'public', handler: deleteOrder },
  ];
}
