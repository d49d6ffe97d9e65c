import { describe, expect, it } from '@jest/globals';
import { readCommittedSubgraphs } from './committed-subgraphs.js';
import { composeSupergraph } from './supergraph-composition.js';

describe('committed subgraph SDL', () => {
  it('composes into a supergraph with the cross-subgraph SecurityAnalysis fields', () => {
    const result = composeSupergraph(readCommittedSubgraphs());
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.supergraphSdl).toMatch(/webhookDeliveries/);
    expect(result.supergraphSdl).toMatch(/integrationEvents/);
  });

  it('fails to compose when a subgraph redefines a shared field incompatibly', () => {
    const subgraphs = readCommittedSubgraphs().map((subgraph) =>
      subgraph.name === 'webhook'
        ? { ...subgraph, sdl: `${subgraph.sdl}\ntype Project @key(fields: "id") { id: Int! }\n` }
        : subgraph,
    );
    const result = composeSupergraph(subgraphs);
    expect(result.ok).toBe(false);
  });
});
