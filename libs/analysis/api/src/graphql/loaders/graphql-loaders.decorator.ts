import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AnalysisException } from '@so/analysis-feature';
import type { AnalysisGraphqlContext } from '../graphql-context.js';
import type { AnalysisLoaders } from './analysis-loaders.js';

/** The request's loaders (built for the verified caller); anonymous requests get UNAUTHENTICATED. */
export const GqlLoaders = createParamDecorator((_data: unknown, context: ExecutionContext): AnalysisLoaders => {
  const loaders = GqlExecutionContext.create(context).getContext<AnalysisGraphqlContext>().loaders;
  if (!loaders) throw AnalysisException.unauthenticated();
  return loaders;
});
