import type { AuthenticatedCaller } from './authenticated-caller.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API key hook on authenticated routes; null on public ones. */
    caller: AuthenticatedCaller | null;
  }
}

export {};
