import { HttpError, isRecord } from './http-kit.js';

export type FieldSpec =
  | { type: 'string'; maxLength: number; minLength?: number; pattern?: RegExp; enum?: readonly string[] }
  | { type: 'integer'; minimum: number; maximum: number };

export type BodySpec = Record<string, FieldSpec & { required?: boolean }>;

/**
 * The hardened build's request validation: declared fields only (unknown ones are refused, never
 * bound), each typed and bounded. Returns the body typed as plain values.
 */
export function validateBody(body: unknown, spec: BodySpec): Record<string, string | number> {
  if (!isRecord(body)) throw new HttpError(400, 'request body must be a JSON object');
  const unknown = Object.keys(body).filter((key) => !(key in spec));
  if (unknown.length > 0) throw new HttpError(400, `unknown or read-only properties: ${unknown.join(', ')}`);
  const out: Record<string, string | number> = {};
  for (const [name, field] of Object.entries(spec)) {
    const value = body[name];
    if (value === undefined) {
      if (field.required) throw new HttpError(400, `${name} is required`);
      continue;
    }
    out[name] = checkField(name, value, field);
  }
  return out;
}

function checkField(name: string, value: unknown, field: FieldSpec): string | number {
  if (field.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < field.minimum || value > field.maximum) {
      throw new HttpError(400, `${name} must be an integer from ${field.minimum} to ${field.maximum}`);
    }
    return value;
  }
  if (typeof value !== 'string') throw new HttpError(400, `${name} must be a string`);
  if (value.length > field.maxLength || value.length < (field.minLength ?? 0)) {
    throw new HttpError(400, `${name} must be ${field.minLength ?? 0} to ${field.maxLength} characters`);
  }
  if (field.pattern && !field.pattern.test(value)) throw new HttpError(400, `${name} has an invalid format`);
  if (field.enum && !field.enum.includes(value))
    throw new HttpError(400, `${name} must be one of ${field.enum.join(', ')}`);
  return value;
}

/** Integer query parameter with bounds (hardened) or as-is (vulnerable: whatever the caller asks). */
export function intParam(raw: string | null, fallback: number, bounds?: { minimum: number; maximum: number }): number {
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new HttpError(400, 'expected an integer');
  if (bounds && (value < bounds.minimum || value > bounds.maximum)) {
    throw new HttpError(400, `expected an integer from ${bounds.minimum} to ${bounds.maximum}`);
  }
  return value;
}

/** Loose view of a JSON body for the vulnerable build, which binds whatever arrives. */
export function looseBody(body: unknown): Record<string, unknown> {
  return isRecord(body) ? body : {};
}
