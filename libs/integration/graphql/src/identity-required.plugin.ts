import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { IntegrationGraphqlContext } from './integration-graphql.context.js';

/** Root fields anyone may query: the gateway composes the supergraph from `_service { sdl }`. */
const PUBLIC_ROOT_FIELDS = new Set(['_service', '__typename']);

function isPublicOperation(operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== 'query') return false;
  return operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && PUBLIC_ROOT_FIELDS.has(selection.name.value));
}

/**
 * Refuses every operation without a verified `x-so-identity` (signed by the gateway), except the
 * federation SDL query. Checked once per operation, before any resolver runs.
 */
export function identityRequiredPlugin(): ApolloServerPlugin<IntegrationGraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (contextValue.identity || isPublicOperation(operation)) return;
          throw new GraphQLError('a verified caller identity (x-so-identity, signed by the gateway) is required', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        },
      };
    },
  };
}
