import type { GraphQLLimits } from './protection/graphql-limits.js';
import type { SubgraphEndpoint } from './subgraph-endpoint.js';

export interface GatewayFederationOptions {
  path: string;
  subgraphs: SubgraphEndpoint[];
  internalToken: string;
  /** Boot waits this long for the subgraphs (then fails, naming the silent ones). */
  subgraphWaitMs: number;
  /** 0 = compose once at boot. */
  pollIntervalMs: number;
  /** Timeout of one subgraph request. */
  subgraphTimeoutMs: number;
  /** Serve GraphiQL on GET (development). */
  graphiql: boolean;
  introspection: boolean;
  /** Depth, cost, page size and allow-list enforced on every operation. */
  limits: GraphQLLimits;
}
