import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

/** One subgraph's SDL as `_service { sdl }` returns it. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export type SupergraphComposition = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/**
 * Composes subgraph SDLs the way the gateway does at boot (same composition library as
 * IntrospectAndCompose), so a test can tell that the committed schemas still form a supergraph
 * without starting anything.
 */
export function composeSupergraph(subgraphs: SubgraphSdl[]): SupergraphComposition {
  const parsed = [];
  for (const subgraph of subgraphs) {
    try {
      parsed.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      return { ok: false, errors: [`${subgraph.name}: ${error instanceof Error ? error.message : String(error)}`] };
    }
  }
  const result = composeServices(parsed);
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

/** The SDL a subgraph serves (the one query subgraphs answer without a signed identity). */
export async function fetchSubgraphSdl(url: string, timeoutMs = 5_000): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: unknown } }; errors?: unknown };
  const sdl = body.data?._service?.sdl;
  if (response.status !== 200 || typeof sdl !== 'string') {
    throw new Error(`${url} did not answer _service { sdl } (HTTP ${response.status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return sdl;
}
