import type { ProbeExchange } from '../../http/probe.types.js';
import { isSecured } from '../static/auth.rule.js';
import { ADMIN_SEGMENT } from '../static/admin-paths.rule.js';
import type { SpecOperation } from '../../spec/spec-model.js';

export const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function isSuccess(exchange: ProbeExchange | undefined): exchange is ProbeExchange {
  return exchange !== undefined && exchange.response.status >= 200 && exchange.response.status < 300;
}

export function isDenied(exchange: ProbeExchange | undefined): boolean {
  return exchange !== undefined && [401, 403].includes(exchange.response.status);
}

/** Parsed JSON body, or undefined for anything else (HTML, truncated, empty). */
export function jsonOf(exchange: ProbeExchange | undefined): unknown {
  if (!exchange || exchange.response.truncated) return undefined;
  const type = exchange.response.headers['content-type'] ?? '';
  if (!/json/i.test(type) && !/^\s*[[{]/.test(exchange.response.body)) return undefined;
  try {
    return JSON.parse(exchange.response.body) as unknown;
  } catch {
    return undefined;
  }
}

export function pathParams(operation: SpecOperation): string[] {
  return [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

const ADMIN_WORD = /\b(admin|administrator|superuser|staff|internal|backoffice)\b/i;

/**
 * Operations meant for administrators: an admin-like path segment, an admin tag, an admin scope in
 * the security requirement, or an `x-roles`/`x-required-role` extension naming an admin role.
 */
export function isAdminOperation(operation: SpecOperation): boolean {
  if (operation.path.split('/').some((segment) => ADMIN_SEGMENT.test(segment.replace(/[-_]?v\d+$/i, '')))) return true;
  const tags = Array.isArray(operation.value['tags']) ? operation.value['tags'] : [];
  if (tags.some((tag) => typeof tag === 'string' && ADMIN_WORD.test(tag))) return true;
  const roles = JSON.stringify([
    operation.value['x-roles'],
    operation.value['x-required-role'],
    operation.value['x-admin'],
  ]);
  if (ADMIN_WORD.test(roles) || operation.value['x-admin'] === true) return true;
  return operation.security.some((requirement) =>
    Object.values(requirement).some(
      (scopes) => Array.isArray(scopes) && scopes.some((s) => ADMIN_WORD.test(String(s))),
    ),
  );
}

export { isSecured };

/** `GET /users/{id}` for titles and messages. */
export function describe(operation: { method: string; path: string }): string {
  return `${operation.method} ${operation.path}`;
}

/** Finding location for a live probe of a declared operation. */
export function operationLocation(
  exchange: ProbeExchange,
  operation: SpecOperation,
): { url: string; method: string; pointer: string } {
  return { url: exchange.request.url, method: operation.method, pointer: operation.pointer };
}
