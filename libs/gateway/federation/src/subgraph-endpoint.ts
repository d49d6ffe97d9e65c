/** A subgraph of the federated graph. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}
