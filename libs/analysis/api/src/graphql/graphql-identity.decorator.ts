import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AnalysisException } from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import type { AnalysisGraphqlContext } from './graphql-context.js';

/** The verified caller; resolvers that take it refuse anonymous requests with UNAUTHENTICATED. */
export const GqlIdentity = createParamDecorator((_data: unknown, context: ExecutionContext): CallerIdentity => {
  const identity = GqlExecutionContext.create(context).getContext<AnalysisGraphqlContext>().identity;
  if (!identity) throw AnalysisException.unauthenticated();
  return identity;
});
