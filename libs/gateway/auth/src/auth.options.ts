import type { Redis } from 'ioredis';

/** Injection token of {@link GatewayAuthOptions}. */
export const GATEWAY_AUTH_OPTIONS = Symbol('GATEWAY_AUTH_OPTIONS');

export interface GatewayAuthOptions {
  /** Path of the federated GraphQL endpoint: its auth failures are answered in GraphQL shape. */
  graphqlPath: string;
  /** Routes registered outside Nest controllers that need no key (OpenAPI docs, probes). */
  publicPathPrefixes: string[];
  rateLimit: { limit: number; windowSeconds: number };
  /** Opens the rate limiter's Redis connection (closed by the module). */
  createRateLimitRedis: () => Redis | Promise<Redis>;
}
