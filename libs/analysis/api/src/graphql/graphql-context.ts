import type { CallerIdentity } from '@so/shared';
import type { FastifyRequest } from 'fastify';

/** Per-request GraphQL context; `identity` is undefined when `x-so-identity` is missing or invalid. */
export interface AnalysisGraphqlContext {
  req: FastifyRequest;
  identity: CallerIdentity | undefined;
}
