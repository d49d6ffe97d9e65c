import type { UserRow } from '../data/database.js';
import type { RequestContext, RouteDef } from '../http/route.types.js';
import { userRowDump, userView } from './views.js';

function listUsers(ctx: RequestContext): { body: unknown } {
  const rows = ctx.app.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[];
  return { body: rows.map(ctx.app.hardened ? userView : userRowDump) };
}

/** The vulnerable build checks that a caller is logged in, not that the caller is an admin. */
export function adminRoutes(hardened: boolean): RouteDef[] {
  return [{ method: 'GET', path: '/admin/users', access: hardened ? 'admin' : 'user', handler: listUsers }];
}
