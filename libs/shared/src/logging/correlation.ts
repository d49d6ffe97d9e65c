import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Header / metadata key that carries the correlation id across HTTP, gRPC, jobs and events. */
export const CORRELATION_HEADER = 'x-correlation-id';

interface CorrelationContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` with `correlationId` visible to every log line and outgoing call made inside it. */
export function runWithCorrelation<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: sanitizeCorrelationId(correlationId) ?? randomUUID() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** The current id, or a fresh one when called outside any request (e.g. a timer). */
export function correlationIdOrNew(): string {
  return currentCorrelationId() ?? randomUUID();
}

/** Accepts only short, printable ids so a client cannot inject log lines or huge headers. */
export function sanitizeCorrelationId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
}

/**
 * Binds a correlation id to the rest of the current async flow; for framework hooks (Fastify
 * onRequest) where wrapping the handler in `runWithCorrelation` is not possible.
 */
export function enterCorrelation(correlationId: unknown): string {
  const id = sanitizeCorrelationId(correlationId) ?? randomUUID();
  storage.enterWith({ correlationId: id });
  return id;
}
