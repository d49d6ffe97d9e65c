import { SERVICE_DEFINITION_QUERY } from '@apollo/gateway';
import { request, type Dispatcher } from 'undici';
import type { SubgraphEndpoint } from './subgraph-endpoint.js';

/**
 * Asks a subgraph for its SDL, the one query subgraphs answer without an identity. Used at boot
 * (which subgraph is missing?) and by readiness.
 */
export class SubgraphProbe {
  constructor(private readonly dispatcher: Dispatcher) {}

  /** undefined when the subgraph answered with its SDL, else why not. */
  async check(subgraph: SubgraphEndpoint, timeoutMs: number): Promise<string | undefined> {
    try {
      const response = await request(subgraph.url, {
        dispatcher: this.dispatcher,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
        body: JSON.stringify({ query: SERVICE_DEFINITION_QUERY }),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) return `HTTP ${response.statusCode}`;
      const parsed = JSON.parse(text) as { data?: { _service?: { sdl?: unknown } } };
      return typeof parsed.data?._service?.sdl === 'string' ? undefined : 'answer has no _service.sdl';
    } catch (error) {
      return describe(error);
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
