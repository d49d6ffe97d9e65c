import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SqliteDatabase, UserRow } from '../data/database.js';

/** Who may call a route, as the running build enforces it (the vulnerable build enforces less). */
export type Access = 'public' | 'user' | 'admin' | 'signature';

export interface AppState {
  db: SqliteDatabase;
  hardened: boolean;
  jwtSecret: string;
  /** HMAC key the (fictional) shipping provider signs its callbacks with. */
  shippingSecret: string;
  /** Called with every request line (tests check what a scan sent). */
  onRequest?: (method: string, path: string) => void;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  app: AppState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  rawBody: string;
  user?: UserRow;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style template, `/orders/{orderId}`. */
  path: string;
  access: Access;
  /** Hardened build only: `auth` is the strict bucket for credential and sign-up flows. */
  limit?: 'standard' | 'auth';
  /** The handler wrote the response itself (binary passthrough). */
  handler(ctx: RequestContext): Reply | undefined | Promise<Reply | undefined>;
}
