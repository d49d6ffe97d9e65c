import type { z } from 'zod';
import { RealtimeException } from './realtime.exception.js';

/** A client message's payload checked against its schema; every problem named in one INVALID_PAYLOAD. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data as z.infer<S>;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'} ${issue.message}`);
  throw new RealtimeException('INVALID_PAYLOAD', problems.join('; '));
}
