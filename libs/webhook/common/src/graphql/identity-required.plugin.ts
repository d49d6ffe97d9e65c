import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';
import type { WebhookGraphqlContext } from './webhook-graphql.context.js';

/**
 * Refuses every operation without a verified identity, except the federation `_service { sdl }`
 * query the gateway uses to compose the supergraph. Checked once per operation, before any resolver
 * runs, so no field (including `_entities`) can leak data to an anonymous caller.
 */
export function identityRequiredPlugin(): ApolloServerPlugin<WebhookGraphqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (contextValue.identity || isServiceSdlOnly(operation)) return;
          throw new GraphQLError('a valid x-so-identity header is required', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          });
        },
      };
    },
  };
}

function isServiceSdlOnly(operation: OperationDefinitionNode | undefined): boolean {
  return (
    operation !== undefined &&
    operation.operation === 'query' &&
    operation.selectionSet.selections.every(
      (selection) =>
        selection.kind === Kind.FIELD && (selection.name.value === '_service' || selection.name.value === '__typename'),
    )
  );
}
