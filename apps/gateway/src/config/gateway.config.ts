import { baseConfigShape, hostPort, loadConfig, port, refuseDevSecretsInProduction, url } from '@so/shared';
import { z } from 'zod';

const int = (name: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

const optionalApiKey = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .string()
    .regex(/^so_live_[0-9A-Za-z]{32}$/, 'must be so_live_ followed by 32 letters or digits')
    .optional(),
);

/** A file path; empty means unset. */
const optionalFile = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

export const gatewayConfigSchema = z
  .object({
    ...baseConfigShape,
    HTTP_PORT: port(3000),
    ANALYSIS_GRPC_URL: hostPort('127.0.0.1:50051'),
    INTEGRATION_GRPC_URL: hostPort('127.0.0.1:50052'),
    WEBHOOK_GRPC_URL: hostPort('127.0.0.1:50053'),
    ANALYSIS_GRAPHQL_URL: url(['http', 'https'], 'http://127.0.0.1:3001/graphql'),
    INTEGRATION_GRAPHQL_URL: url(['http', 'https'], 'http://127.0.0.1:3002/graphql'),
    WEBHOOK_GRAPHQL_URL: url(['http', 'https'], 'http://127.0.0.1:3003/graphql'),
    NOTIFICATION_HTTP_URL: url(['http', 'https'], 'http://127.0.0.1:3004'),
    /** Seeds org `dev` with this key at boot (idempotent). */
    BOOTSTRAP_API_KEY: optionalApiKey,
    /** Requests per API key per window. */
    RATE_LIMIT_MAX: int('RATE_LIMIT_MAX', 1, 1_000_000, 600),
    RATE_LIMIT_WINDOW_SECONDS: int('RATE_LIMIT_WINDOW_SECONDS', 1, 3600, 60),
    /** Deadline of one gRPC call to a peer, retries included. */
    GRPC_DEADLINE_MS: int('GRPC_DEADLINE_MS', 100, 300_000, 10_000),
    /** How long a verified API key is trusted without asking Postgres (0 = no cache). */
    API_KEY_CACHE_TTL_SECONDS: int('API_KEY_CACHE_TTL_SECONDS', 0, 300, 30),
    /** Boot waits this long for the GraphQL subgraphs before failing. */
    SUBGRAPH_WAIT_SECONDS: int('SUBGRAPH_WAIT_SECONDS', 0, 3600, 60),
    /** Re-compose the supergraph this often (0 = once at boot). */
    SUBGRAPH_POLL_INTERVAL_SECONDS: int('SUBGRAPH_POLL_INTERVAL_SECONDS', 0, 3600, 0),
    SUBGRAPH_TIMEOUT_MS: int('SUBGRAPH_TIMEOUT_MS', 100, 300_000, 30_000),
    /** Largest request body (an inline OpenAPI document is the big case). */
    BODY_LIMIT_BYTES: int('BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024, 10 * 1024 * 1024),
    /** At least 2: migrations hold an advisory lock on one connection while running on another. */
    DATABASE_POOL_SIZE: int('DATABASE_POOL_SIZE', 2, 200, 10),
    HEALTH_CHECK_TIMEOUT_MS: int('HEALTH_CHECK_TIMEOUT_MS', 50, 30_000, 1_000),
    /** Public gRPC API (peer services, CI); plaintext only on loopback unless GRPC_ALLOW_INSECURE=true. */
    GRPC_PORT: port(50050),
    GRPC_TLS_CERT: optionalFile,
    GRPC_TLS_KEY: optionalFile,
    /** When set, clients must present a certificate signed by this CA (mTLS). */
    GRPC_TLS_CA: optionalFile,
    GRPC_ALLOW_INSECURE: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
    GRPC_MAX_MESSAGE_BYTES: int('GRPC_MAX_MESSAGE_BYTES', 1024, 100 * 1024 * 1024, 16 * 1024 * 1024),
    /**
     * gRPC GetIntegrationStatus answers are reused this long (0 = never); a status change is seen at
     * once through integration.status_changed, message and last_checked_at within this time.
     */
    GRPC_INTEGRATION_STATUS_CACHE_MS: int('GRPC_INTEGRATION_STATUS_CACHE_MS', 0, 60_000, 1_000),
    /** GraphQL protection: deepest nesting, highest cost, largest first/last (see @so/gateway-federation). */
    GRAPHQL_MAX_DEPTH: int('GRAPHQL_MAX_DEPTH', 1, 100, 10),
    GRAPHQL_MAX_COST: int('GRAPHQL_MAX_COST', 1, 10_000_000, 5_000),
    GRAPHQL_MAX_PAGE_SIZE: int('GRAPHQL_MAX_PAGE_SIZE', 1, 10_000, 100),
    /** When set, only the operations in this JSON file are executed (persisted operations). */
    GRAPHQL_ALLOWLIST_FILE: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  })
  .superRefine((config, ctx) => refuseDevSecretsInProduction(config, ctx, ['INTERNAL_TOKEN']))
  .superRefine((config, ctx) => {
    if ((config.GRPC_TLS_CERT === undefined) !== (config.GRPC_TLS_KEY === undefined))
      ctx.addIssue({ code: 'custom', path: ['GRPC_TLS_KEY'], message: 'GRPC_TLS_CERT and GRPC_TLS_KEY go together' });
    if (config.GRPC_TLS_CA !== undefined && config.GRPC_TLS_CERT === undefined)
      ctx.addIssue({ code: 'custom', path: ['GRPC_TLS_CA'], message: 'needs GRPC_TLS_CERT and GRPC_TLS_KEY' });
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  return loadConfig('gateway', gatewayConfigSchema, env);
}
