import type { SpecOperation } from '../../spec/spec-model.js';
import type { Observation } from './observations.js';

/** Object ids an account was shown, by resource (`order` -> {3, 4}). */
export type OwnedIds = Map<string, Set<string>>;

const SELF_SEGMENT = /^(me|self|current|mine|my|profile|account)$/i;
const MAX_IDS_PER_RESOURCE = 50;

/** `orders` -> `order`, `categories` -> `category`, `userId` -> `user`. */
export function resourceName(word: string): string {
  const base = word
    .replace(/[-_]?(id|uuid|key)$/i, '')
    .replace(/[-_]/g, '')
    .toLowerCase();
  if (base.endsWith('ies')) return `${base.slice(0, -3)}y`;
  if (base.endsWith('sses')) return base.slice(0, -2);
  return base.endsWith('s') && !base.endsWith('ss') ? base.slice(0, -1) : base;
}

/** Resource a path template returns, from its last static segment (`/users/me` -> `user`). */
function resourceOfPath(path: string): string {
  const segments = path.split('/').filter((s) => s && !s.startsWith('{'));
  let last = segments.at(-1) ?? '';
  if (SELF_SEGMENT.test(last)) last = segments.at(-2) ?? last;
  return resourceName(last);
}

/**
 * Resource a path parameter names: `{orderId}` -> `order`; a bare `{id}` takes the segment before
 * it (`/users/{id}/orders` -> `user`).
 */
export function resourceOfParam(operation: SpecOperation, param: string): string {
  if (!/^(id|uuid|key)$/i.test(param)) return resourceName(param);
  const segments = operation.path.split('/').filter(Boolean);
  const at = segments.indexOf(`{${param}}`);
  return resourceName(at > 0 ? (segments[at - 1] ?? param) : param);
}

/**
 * Collects ids from an account's responses: `id` of objects returned by a path (or nested under a
 * key, `{ orders: [{ id }] }`) and `<thing>Id` fields. Bounded: bodies come from the target.
 */
export function harvestIds(observations: readonly Observation[]): OwnedIds {
  const owned: OwnedIds = new Map();
  const add = (resource: string, value: unknown): void => {
    if ((typeof value !== 'string' && typeof value !== 'number') || resource === '') return;
    const set = owned.get(resource) ?? new Set<string>();
    if (set.size < MAX_IDS_PER_RESOURCE) set.add(String(value));
    owned.set(resource, set);
  };
  let nodes = 0;
  const walk = (value: unknown, resource: string, depth: number): void => {
    if (nodes++ > 5000 || depth > 5 || typeof value !== 'object' || value === null) return;
    if (Array.isArray(value)) {
      value.slice(0, 100).forEach((item) => walk(item, resource, depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (/^(id|uuid)$/i.test(key)) add(resource, child);
      else if (/^.+[-_]?(id|Id|ID|uuid)$/.test(key) && typeof child !== 'object') add(resourceName(key), child);
      else if (typeof child === 'object' && child !== null) {
        // Envelopes (`data`, `items`, `results`) keep the resource of the path.
        const wrapper = /^(data|items|results|content|records|list|page|nodes|edges|node)$/i.test(key);
        walk(child, wrapper ? resource : resourceName(key), depth + 1);
      }
    }
  };
  for (const observation of observations) {
    if (observation.exchange.response.status < 200 || observation.exchange.response.status >= 300) continue;
    walk(observation.json, resourceOfPath(observation.operation.path), 0);
  }
  return owned;
}
