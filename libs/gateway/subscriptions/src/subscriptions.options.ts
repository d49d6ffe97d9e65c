import type { Redis } from 'ioredis';

export interface GatewaySubscriptionsOptions {
  /** The websocket upgrade path (the GraphQL path: same port, same URL as queries). */
  path: string;
  /** A dedicated connection for the blocking XREAD; closed by the module. */
  createRedis: () => Redis;
  /** Most open subscriptions per connection. */
  maxSubscriptionsPerConnection?: number;
}
