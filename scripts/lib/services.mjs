// The one list of platform services, their ports and how they are wired together (CONVENTIONS.md,
// "Ports and peers"). Used by scripts/start.mjs; add a service here and nowhere else.

/**
 * @typedef {object} ServiceSpec
 * @property {string} name folder under apps/ and the log prefix
 * @property {number} httpPort REST / GraphQL / health / socket.io
 * @property {number} [grpcPort]
 * @property {string[]} [after] services that must be ready before this one starts
 * @property {(ctx: PlatformContext) => Record<string, string>} [env] service-specific variables
 */

/**
 * @typedef {object} PlatformContext
 * @property {string} databaseUrl
 * @property {string} redisUrl
 * @property {{ internalToken: string, secretsKey: string, bootstrapApiKey: string }} secrets
 * @property {(name: string) => ServiceSpec} service
 */

const LOOPBACK = '127.0.0.1';

/** @type {ServiceSpec[]} */
export const SERVICES = [
  { name: 'analysis', httpPort: 3001, grpcPort: 50051, env: () => ({ TARGET_ALLOWLIST: LOOPBACK }) },
  {
    name: 'integration',
    httpPort: 3002,
    grpcPort: 50052,
    env: ({ secrets }) => ({ SECRETS_KEY: secrets.secretsKey, INTEGRATION_ALLOWLIST: LOOPBACK }),
  },
  {
    name: 'webhook',
    httpPort: 3003,
    grpcPort: 50053,
    env: ({ secrets }) => ({ SECRETS_KEY: secrets.secretsKey, WEBHOOK_ALLOWLIST: LOOPBACK }),
  },
  {
    name: 'notification',
    httpPort: 3004,
    // START_ANALYSIS over the socket calls the analysis service (lazily: no need to start after it).
    env: ({ service }) => ({ ANALYSIS_GRPC_URL: grpcAddress(service('analysis')) }),
  },
  {
    name: 'gateway',
    httpPort: 3000,
    // Public gRPC API (API keys); the services' own gRPC ports take only signed internal calls.
    grpcPort: 50050,
    // The federated gateway composes the subgraphs at boot, so it starts once they answer.
    after: ['analysis', 'integration', 'webhook', 'notification'],
    env: ({ service, secrets }) => ({
      ANALYSIS_GRPC_URL: grpcAddress(service('analysis')),
      INTEGRATION_GRPC_URL: grpcAddress(service('integration')),
      WEBHOOK_GRPC_URL: grpcAddress(service('webhook')),
      ANALYSIS_GRAPHQL_URL: `${httpUrl(service('analysis'))}/graphql`,
      INTEGRATION_GRAPHQL_URL: `${httpUrl(service('integration'))}/graphql`,
      WEBHOOK_GRAPHQL_URL: `${httpUrl(service('webhook'))}/graphql`,
      NOTIFICATION_HTTP_URL: httpUrl(service('notification')),
      BOOTSTRAP_API_KEY: secrets.bootstrapApiKey,
    }),
  },
];

/** @param {ServiceSpec} spec */
export function httpUrl(spec) {
  return `http://${LOOPBACK}:${spec.httpPort}`;
}

/** @param {ServiceSpec} spec */
export function grpcAddress(spec) {
  if (spec.grpcPort === undefined) throw new Error(`${spec.name} has no gRPC port`);
  return `${LOOPBACK}:${spec.grpcPort}`;
}

/** @param {string} name */
export function serviceByName(name) {
  const spec = SERVICES.find((s) => s.name === name);
  if (!spec) throw new Error(`unknown service ${name}`);
  return spec;
}

/** Compiled entry point, relative to the repository root. @param {ServiceSpec} spec */
export function serviceEntry(spec) {
  return `dist/apps/${spec.name}/src/main.js`;
}

/**
 * Full environment of one service (on top of the inherited process environment).
 * @param {ServiceSpec} spec
 * @param {Omit<PlatformContext, 'service'>} ctx
 * @returns {Record<string, string>}
 */
export function serviceEnv(spec, ctx) {
  const full = { ...ctx, service: serviceByName };
  return {
    HOST: LOOPBACK,
    HTTP_PORT: String(spec.httpPort),
    ...(spec.grpcPort !== undefined ? { GRPC_PORT: String(spec.grpcPort) } : {}),
    DATABASE_URL: ctx.databaseUrl,
    REDIS_URL: ctx.redisUrl,
    INTERNAL_TOKEN: ctx.secrets.internalToken,
    ...(spec.env ? spec.env(full) : {}),
  };
}

/**
 * Start order as waves: each wave's services only wait for services of earlier waves.
 * @returns {ServiceSpec[][]}
 */
export function startWaves() {
  /** @type {ServiceSpec[][]} */
  const waves = [];
  const placed = new Set();
  while (placed.size < SERVICES.length) {
    const wave = SERVICES.filter((s) => !placed.has(s.name) && (s.after ?? []).every((dep) => placed.has(dep)));
    if (wave.length === 0) throw new Error('services.mjs: circular `after` dependencies');
    for (const s of wave) placed.add(s.name);
    waves.push(wave);
  }
  return waves;
}
