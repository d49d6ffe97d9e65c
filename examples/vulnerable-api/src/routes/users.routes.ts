import type { UserRow } from '../data/database.js';
import { HttpError } from '../http/http-kit.js';
import type { RequestContext, RouteDef } from '../http/route.types.js';
import { looseBody, validateBody } from '../http/validate.js';
import { orderView, userRowDump, userView, type OrderRow } from './views.js';

/** Every column a client could name in the vulnerable build: the mass-assignment surface. */
const BINDABLE_COLUMNS: Record<string, string> = {
  email: 'email',
  displayName: 'display_name',
  username: 'username',
  role: 'role',
  apiKey: 'api_key',
};

function currentUser(ctx: RequestContext): UserRow {
  if (!ctx.user) throw new HttpError(401, 'authentication required');
  return ctx.app.db.prepare('SELECT * FROM users WHERE id = ?').get(ctx.user.id) as UserRow;
}

function me(ctx: RequestContext): { body: unknown } {
  const user = currentUser(ctx);
  return { body: ctx.app.hardened ? userView(user) : userRowDump(user) };
}

function updateMe(ctx: RequestContext): { body: unknown } {
  const user = currentUser(ctx);
  const changes = ctx.app.hardened
    ? validateBody(ctx.body, {
        email: { type: 'string', maxLength: 254, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ },
        displayName: { type: 'string', maxLength: 100 },
      })
    : looseBody(ctx.body);
  for (const [name, value] of Object.entries(changes)) {
    const column = BINDABLE_COLUMNS[name];
    // The vulnerable build binds any known column, `role` included.
    if (column && (typeof value === 'string' || typeof value === 'number')) {
      ctx.app.db.prepare(`UPDATE users SET ${column} = ? WHERE id = ?`).run(String(value), user.id);
    }
  }
  return me(ctx);
}

function ordersOfUser(ctx: RequestContext): { body: unknown } {
  const user = currentUser(ctx);
  const ownerId = Number(ctx.params['id']);
  if (!Number.isInteger(ownerId)) throw new HttpError(400, 'id must be an integer');
  // The hardened build checks ownership and answers 404 so ids of others cannot be probed.
  if (ctx.app.hardened && ownerId !== user.id && user.role !== 'admin') throw new HttpError(404, 'not found');
  const rows = ctx.app.db.prepare('SELECT * FROM orders WHERE user_id = ? ORDER BY id').all(ownerId) as OrderRow[];
  return { body: rows.map(orderView) };
}

export function userRoutes(): RouteDef[] {
  return [
    { method: 'GET', path: '/users/me', access: 'user', handler: me },
    { method: 'PATCH', path: '/users/me', access: 'user', handler: updateMe },
    { method: 'GET', path: '/users/{id}/orders', access: 'user', handler: ordersOfUser },
  ];
}
