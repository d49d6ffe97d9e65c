import type { ProbeRequest } from '../http/probe.types.js';
import { sampleValue } from './sample-request.js';
import { isObject, type JsonObject, type LoadedSpec, type SpecOperation } from './spec-model.js';

export interface RequestOverrides {
  /** Path parameter values by name. */
  path?: Record<string, string>;
  /** Query parameters to set (added even when the spec does not require them). */
  query?: Record<string, string>;
  /** Body properties to set over the sample body. */
  body?: Record<string, unknown>;
  /** Send this body instead of a sample. */
  rawBody?: string;
}

/** How deep a sample body may nest; request schemas worth probing are shallow. */
const MAX_SAMPLE_DEPTH = 4;

/**
 * A realistic request for an operation: declared examples first, otherwise fixed values by type
 * and format, then the probe's overrides. Deterministic, so fingerprints stay stable.
 */
export function buildRequest(
  spec: LoadedSpec,
  operation: SpecOperation,
  basePath: string,
  overrides: RequestOverrides = {},
): ProbeRequest {
  const params = new Map(
    operation.parameters.map((p) => [`${String(p.value['in'])}:${String(p.value['name'])}`, p.value]),
  );
  const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const given = overrides.path?.[name];
    const param = params.get(`path:${name}`);
    return encodeURIComponent(given ?? (param ? sampleValue(param) : '1'));
  });
  const query = new Map<string, string>();
  for (const p of operation.parameters) {
    if (p.value['in'] === 'query' && p.value['required'] === true)
      query.set(String(p.value['name']), sampleValue(p.value));
  }
  for (const [name, value] of Object.entries(overrides.query ?? {})) query.set(name, value);
  const search = [...query].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const request: ProbeRequest = { method: operation.method, path: `${basePath}${path}${search ? `?${search}` : ''}` };
  if (['POST', 'PUT', 'PATCH'].includes(operation.method) || overrides.rawBody !== undefined || overrides.body) {
    const sample = sampleBody(spec, operation);
    request.headers = { 'content-type': 'application/json' };
    request.body =
      overrides.rawBody ??
      JSON.stringify(isObject(sample) ? { ...sample, ...(overrides.body ?? {}) } : (overrides.body ?? sample ?? {}));
  }
  return request;
}

/** The JSON request body schema of an operation, if it has one. */
export function jsonBodySchema(spec: LoadedSpec, operation: SpecOperation): JsonObject | undefined {
  const body = operation.requestBodies.find((b) => b.pointer.includes('json')) ?? operation.requestBodies[0];
  return body ? spec.resolve(body.value, body.pointer)?.value : undefined;
}

export function sampleBody(spec: LoadedSpec, operation: SpecOperation): unknown {
  const schema = jsonBodySchema(spec, operation);
  return schema ? sampleFromSchema(spec, schema, 0) : undefined;
}

/** Top-level properties of the body schema (after refs and allOf), for probes that target fields. */
export function bodyProperties(spec: LoadedSpec, operation: SpecOperation): Map<string, JsonObject> {
  const schema = jsonBodySchema(spec, operation);
  return schema ? objectProperties(spec, schema) : new Map();
}

export function objectProperties(spec: LoadedSpec, schema: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  const parts = [schema, ...(Array.isArray(schema['allOf']) ? schema['allOf'] : [])];
  for (const part of parts) {
    const resolved = spec.resolve(part, '')?.value;
    const props = resolved?.['properties'];
    if (!isObject(props)) continue;
    for (const [name, value] of Object.entries(props)) {
      const prop = spec.resolve(value, '')?.value;
      if (prop) out.set(name, prop);
    }
  }
  return out;
}

function sampleFromSchema(spec: LoadedSpec, raw: JsonObject, depth: number): unknown {
  const schema = spec.resolve(raw, '')?.value ?? raw;
  for (const candidate of [schema['example'], schema['default'], schema['const']]) {
    if (candidate !== undefined) return candidate;
  }
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const first = Array.isArray(schema[key]) ? schema[key][0] : undefined;
    if (isObject(first)) return sampleFromSchema(spec, first, depth + 1);
  }
  const props = objectProperties(spec, schema);
  if (props.size > 0) {
    if (depth >= MAX_SAMPLE_DEPTH) return {};
    const out: Record<string, unknown> = {};
    for (const [name, prop] of props) {
      if (prop['readOnly'] !== true) out[name] = sampleFromSchema(spec, prop, depth + 1);
    }
    return out;
  }
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  switch (type) {
    case 'array':
      return depth >= MAX_SAMPLE_DEPTH || !isObject(schema['items'])
        ? []
        : [sampleFromSchema(spec, schema['items'], depth + 1)];
    case 'object':
      return {};
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    default:
      return sampleString(schema);
  }
}

function sampleString(schema: JsonObject): string {
  switch (schema['format']) {
    case 'email':
      return 'so-probe@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000001';
    case 'date':
      return '2024-01-01';
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'password':
      return 'So-Probe-Password-1';
    default:
      return 'test';
  }
}
