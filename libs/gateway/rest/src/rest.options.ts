import type { Redis } from 'ioredis';

/** Injection token of {@link GatewayRestOptions}. */
export const GATEWAY_REST_OPTIONS = Symbol('GATEWAY_REST_OPTIONS');

export interface GatewayRestOptions {
  internalToken: string;
  /** Shared command connection, checked by readiness (owned by the app). */
  redis: Redis;
  /** Base URL of the notification service, checked by readiness (`/health/live`). */
  notificationHttpUrl: string;
  /** Timeout of each readiness check. */
  healthCheckTimeoutMs: number;
}
