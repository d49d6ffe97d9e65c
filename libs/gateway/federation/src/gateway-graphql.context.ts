import type { AuthenticatedCaller } from '@so/gateway-auth';
import type { FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';

/** Context of one federated operation: who is calling, forwarded to every subgraph. */
export interface GatewayGraphQLContext {
  caller: AuthenticatedCaller;
}

/**
 * Builds the context from the request the API key hook authenticated. The hook already answers
 * unauthenticated operations with 401; this check keeps the invariant if a route change ever
 * skipped the hook.
 */
export function gatewayGraphQLContext(request: FastifyRequest): GatewayGraphQLContext {
  if (!request.caller) {
    throw new GraphQLError('an API key is required', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  return { caller: request.caller };
}
