import { RouteConfig } from '@nestjs/platform-fastify';
import type { ApiScope } from '@so/gateway-identity';

/** Fastify route config read by the API key hook. Routes without it require a valid key. */
export interface RouteAccess {
  public?: boolean;
  scope?: ApiScope;
}

/** The route answers without an API key (health, docs). */
export const Public = () => RouteConfig({ access: { public: true } satisfies RouteAccess });

/** The route needs a key that carries `scope` (or `*`). */
export const RequireScope = (scope: ApiScope) => RouteConfig({ access: { scope } satisfies RouteAccess });

export function routeAccessOf(config: unknown): RouteAccess {
  const access = (config as { access?: RouteAccess } | undefined)?.access;
  return access ?? {};
}
