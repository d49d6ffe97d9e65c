import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { GraphQLLimitCode, type GraphQLLimits } from './graphql-limits.js';
import { operationCost } from './operation-cost.js';
import type { OperationAllowlist } from './operation-allowlist.js';

/**
 * Checks what needs the variables or the resolved operation: the allowlist, the page sizes and the
 * cost. Runs after validation and before the query planner, so a refused operation costs the
 * subgraphs nothing. (Depth is a validation rule: it needs neither.)
 */
export function operationLimitsPlugin(
  limits: Pick<GraphQLLimits, 'maxCost' | 'maxPageSize'>,
  allowlist?: OperationAllowlist,
): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (allowlist && !allowlist.allows(document)) {
            throw new GraphQLError('this operation is not in the allow-list of this gateway', {
              extensions: { code: GraphQLLimitCode.NOT_ALLOWED, http: { status: 400 } },
            });
          }
          if (!operation) return; // Apollo already refused a document without this operation
          if (operation.operation === 'subscription') {
            // The federated schema has no Subscription root; without this graphql-js fails in execution (a 500).
            throw new GraphQLError('subscriptions are served over graphql-ws: open a websocket on this path', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            });
          }
          const cost = operationCost(document, operation, request.variables, limits.maxPageSize);
          if (cost > limits.maxCost) {
            throw new GraphQLError(
              `operation cost ${cost} is above the limit of ${limits.maxCost} (each field counts once per item of the pages above it)`,
              { extensions: { code: GraphQLLimitCode.TOO_COMPLEX, cost, maxCost: limits.maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
