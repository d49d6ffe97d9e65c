import type { ProbeRequest } from '../http/probe.types.js';
import { isObject, type JsonObject, type LoadedSpec, type SpecOperation } from './spec-model.js';

/**
 * Builds a harmless request for an operation: declared examples first, otherwise fixed values by
 * type, so the same operation maps to the same URL on every run (stable fingerprints).
 */
export function sampleRequest(operation: SpecOperation, basePath: string): ProbeRequest {
  const params = new Map(
    operation.parameters.map((p) => [`${String(p.value['in'])}:${String(p.value['name'])}`, p.value]),
  );
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = params.get(`path:${name}`);
    return encodeURIComponent(param ? sampleValue(param) : '1');
  });
  const query = operation.parameters
    .filter((p) => p.value['in'] === 'query' && p.value['required'] === true)
    .map((p) => `${encodeURIComponent(String(p.value['name']))}=${encodeURIComponent(sampleValue(p.value))}`);
  const request: ProbeRequest = {
    method: operation.method,
    path: `${basePath}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`,
  };
  if (['POST', 'PUT', 'PATCH'].includes(operation.method)) {
    request.headers = { 'content-type': 'application/json' };
    request.body = '{}';
  }
  return request;
}

/** Path prefix the spec declares (OAS 3 first server, Swagger 2 basePath), without a trailing slash. */
export function specBasePath(spec: LoadedSpec): string {
  const basePath = spec.raw['basePath'];
  if (typeof basePath === 'string') return trimSlash(basePath);
  const [server] = spec.servers;
  if (!server) return '';
  try {
    // Server URLs may be relative (`/v1`) or templated (`https://{region}.api.example/v1`).
    return trimSlash(new URL(server.url.replace(/\{[^}]+\}/g, 'x'), 'http://placeholder').pathname);
  } catch {
    return '';
  }
}

export function sampleValue(param: JsonObject): string {
  const schema = isObject(param['schema']) ? param['schema'] : param;
  for (const candidate of [
    param['example'],
    schema['example'],
    schema['default'],
    Array.isArray(schema['enum']) ? schema['enum'][0] : undefined,
  ]) {
    if (['string', 'number', 'boolean'].includes(typeof candidate)) return String(candidate);
  }
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  if (type === 'integer' || type === 'number') return '1';
  if (type === 'boolean') return 'true';
  switch (schema['format']) {
    case 'uuid':
      return '00000000-0000-4000-8000-000000000001';
    case 'date':
      return '2024-01-01';
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    default:
      return 'test';
  }
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
