import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CORRELATION_HEADER, correlationIdOrNew, IDENTITY_HEADER, signIdentity } from '@so/shared';
import { GraphQLError } from 'graphql';
import type { GatewayGraphQLContext } from './gateway-graphql.context.js';

export interface SignedSubgraphDataSourceConfig {
  name: string;
  url: string;
  internalToken: string;
  fetcher: RemoteGraphQLDataSource['fetcher'];
}

/**
 * Calls one subgraph on behalf of the authenticated caller: adds `x-so-identity` (the caller's
 * identity signed with INTERNAL_TOKEN; subgraphs trust nothing else) and `x-correlation-id`. The
 * client's API key is never forwarded. Schema loading (no caller) goes without identity: subgraphs
 * answer `_service { sdl }` unauthenticated.
 */
export class SignedSubgraphDataSource extends RemoteGraphQLDataSource<GatewayGraphQLContext> {
  private readonly subgraphName: string;
  private readonly internalToken: string;

  constructor(config: SignedSubgraphDataSourceConfig) {
    super({ url: config.url, fetcher: config.fetcher });
    this.subgraphName = config.name;
    this.internalToken = config.internalToken;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayGraphQLContext>): void {
    const caller = (context as Partial<GatewayGraphQLContext> | undefined)?.caller;
    request.http?.headers.set(CORRELATION_HEADER, caller?.correlationId ?? correlationIdOrNew());
    if (caller) request.http?.headers.set(IDENTITY_HEADER, signIdentity(caller.identity, this.internalToken));
  }

  /** Network failures name internal addresses; clients get the subgraph's name and a stable code instead. */
  override didEncounterError(error: Error): void {
    if (error instanceof GraphQLError) throw error;
    throw new GraphQLError(`the ${this.subgraphName} service is unavailable`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: this.subgraphName },
    });
  }
}
