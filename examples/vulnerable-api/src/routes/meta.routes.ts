import type { UserRow } from '../data/database.js';
import type { RouteDef } from '../http/route.types.js';
import { userRowDump } from './views.js';

export function metaRoutes(specText: string): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/',
      access: 'public',
      handler: () => ({ body: { name: 'Shop API', docs: '/openapi.json' } }),
    },
    { method: 'GET', path: '/health', access: 'public', handler: () => ({ body: { status: 'ok' } }) },
    {
      method: 'GET',
      path: '/openapi.json',
      access: 'public',
      handler: () => ({ body: JSON.parse(specText) as unknown }),
    },
  ];
}

/** Vulnerable build only, in no spec: the v1 API nobody switched off and a debug dump. */
export function legacyRoutes(): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/v1/users',
      access: 'public',
      handler: (ctx) => ({ body: (ctx.app.db.prepare('SELECT * FROM users').all() as UserRow[]).map(userRowDump) }),
    },
    {
      method: 'GET',
      path: '/debug',
      access: 'public',
      handler: (ctx) => ({
        body: {
          node: process.version,
          uptimeSeconds: Math.round(process.uptime()),
          config: { jwtSecret: ctx.app.jwtSecret, database: 'sqlite' },
        },
      }),
    },
  ];
}
