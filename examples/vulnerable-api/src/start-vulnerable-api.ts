import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newStrongSecret, signToken, WEAK_JWT_SECRET } from './auth/jwt.js';
import { openDatabase, SEED_USERS, type UserRow } from './data/database.js';
import { createRequestHandler } from './http/request-handler.js';
import type { AppState, RouteDef } from './http/route.types.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { adminRoutes } from './routes/admin.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { integrationRoutes } from './routes/integrations.routes.js';
import { legacyRoutes, metaRoutes } from './routes/meta.routes.js';
import { orderRoutes } from './routes/orders.routes.js';
import { productRoutes } from './routes/products.routes.js';
import { userRoutes } from './routes/users.routes.js';

export interface VulnerableApiOptions {
  /** Serve the twin with every flaw of manifest.json fixed. Default false. */
  hardened?: boolean;
  /** Default 127.0.0.1; the demo refuses to bind anywhere but loopback. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Keep the SQLite database in this file; default a temp file removed on close. */
  databaseFile?: string;
}

export interface RunningVulnerableApi {
  /** `http://127.0.0.1:<port>` */
  url: string;
  hardened: boolean;
  /** The OpenAPI document the server serves at /openapi.json. */
  specText: string;
  /** Bearer tokens of the seeded users (valid for 8 hours). */
  tokens: { alice: string; bob: string; admin: string };
  /** Seeded user names and passwords, for login flows. */
  users: ReadonlyArray<{ username: string; password: string; role: string }>;
  /** Method and path of every request received so far (the newest 10 000). */
  requests: Array<{ method: string; path: string }>;
  /** HMAC key of the carrier callback (hardened build), so clients can sign test deliveries. */
  shippingSecret: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Starts the deliberately vulnerable Shop API, or its hardened twin, on loopback. */
export async function startVulnerableApi(options: VulnerableApiOptions = {}): Promise<RunningVulnerableApi> {
  const hardened = options.hardened ?? false;
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`the vulnerable API binds to loopback only, not ${host}`);
  const specText = `${JSON.stringify(buildOpenApiDocument(hardened), null, 2)}\n`;
  const database = openDatabase(options.databaseFile);
  const requests: RunningVulnerableApi['requests'] = [];
  const app: AppState = {
    db: database.db,
    hardened,
    jwtSecret: hardened ? newStrongSecret() : WEAK_JWT_SECRET,
    shippingSecret: newStrongSecret(),
    onRequest: (method, path) => {
      if (requests.length >= 10_000) requests.shift();
      requests.push({ method, path });
    },
  };
  const routes: RouteDef[] = [
    ...metaRoutes(specText),
    ...authRoutes(),
    ...userRoutes(),
    ...orderRoutes(hardened),
    ...productRoutes(hardened),
    ...adminRoutes(hardened),
    ...integrationRoutes(hardened),
    ...(hardened ? [] : legacyRoutes()),
  ];
  const server = http.createServer(createRequestHandler(app, routes));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, resolve);
    });
  } catch (error) {
    database.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const tokenFor = (username: string): string => {
    const user = app.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow;
    return signToken({ sub: String(user.id), username: user.username, role: user.role }, app.jwtSecret);
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    hardened,
    specText,
    tokens: { alice: tokenFor('alice'), bob: tokenFor('bob'), admin: tokenFor('admin') },
    users: SEED_USERS.map(({ username, password, role }) => ({ username, password, role })),
    shippingSecret: app.shippingSecret,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          database.close();
          resolve();
        });
      }),
  };
}
