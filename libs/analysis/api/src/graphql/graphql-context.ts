import type { CallerIdentity } from '@so/shared';
import type { FastifyRequest } from 'fastify';
import type { AnalysisLoaders } from './loaders/analysis-loaders.js';

/** Per-request GraphQL context; `identity` and `loaders` are undefined when `x-so-identity` is missing or invalid. */
export interface AnalysisGraphqlContext {
  req: FastifyRequest;
  identity: CallerIdentity | undefined;
  loaders: AnalysisLoaders | undefined;
}
