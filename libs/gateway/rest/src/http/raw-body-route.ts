import { RouteConfig } from '@nestjs/platform-fastify';
import type { RouteAccess } from '@so/gateway-auth';

/** Fastify route config of a route that receives its body as raw bytes. */
export interface RawBodyRouteConfig {
  limitBytes: number;
}

/**
 * The route gets its JSON body as the exact bytes sent (a Buffer) and refuses bodies over
 * `limitBytes` with 413. Fastify keeps one route config, so the route's access rule is set here too.
 */
export const RawBodyRoute = (options: { limitBytes: number; access: RouteAccess }) =>
  RouteConfig({ access: options.access, rawBody: { limitBytes: options.limitBytes } satisfies RawBodyRouteConfig });

export function rawBodyRouteOf(config: unknown): RawBodyRouteConfig | undefined {
  const raw = (config as { rawBody?: RawBodyRouteConfig } | undefined)?.rawBody;
  return raw && Number.isInteger(raw.limitBytes) && raw.limitBytes > 0 ? raw : undefined;
}
