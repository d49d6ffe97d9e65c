import { IntrospectAndCompose, type SupergraphManager } from '@apollo/gateway';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { apolloLogger } from './apollo-logger.js';
import type { SubgraphEndpoint } from './subgraph-endpoint.js';
import type { SubgraphProbe } from './subgraph.probe.js';

type SupergraphSdlHookOptions = Parameters<SupergraphManager['initialize']>[0];
type SupergraphSdlResult = Awaited<ReturnType<SupergraphManager['initialize']>>;

export interface RetryingIntrospectAndComposeOptions {
  subgraphs: SubgraphEndpoint[];
  probe: SubgraphProbe;
  /** How long boot waits for every subgraph to answer before giving up. */
  waitMs: number;
  probeTimeoutMs?: number;
  /** Re-introspect the subgraphs this often (0 = compose once at boot). */
  pollIntervalMs?: number;
}

/** Thrown when the supergraph cannot be built at boot; the message names what is missing or broken. */
export class SupergraphUnavailableError extends Error {
  override name = 'SupergraphUnavailableError';
}

/**
 * IntrospectAndCompose that tolerates subgraphs starting after the gateway: it waits (bounded)
 * until every subgraph answers `_service { sdl }`, then composes. Failing fast on composition
 * errors, and naming every silent subgraph when the wait runs out, turns a vague boot failure into
 * one actionable line.
 */
export class RetryingIntrospectAndCompose implements SupergraphManager {
  private readonly logger = new Logger(RetryingIntrospectAndCompose.name);

  constructor(private readonly options: RetryingIntrospectAndComposeOptions) {}

  async initialize(hooks: SupergraphSdlHookOptions): Promise<SupergraphSdlResult> {
    const { subgraphs, waitMs } = this.options;
    const deadline = Date.now() + waitMs;
    for (let attempt = 1; ; attempt++) {
      const silent = await this.silentSubgraphs();
      if (silent.length === 0) {
        const inner = new IntrospectAndCompose({
          subgraphs,
          pollIntervalInMs: this.options.pollIntervalMs || undefined,
          logger: apolloLogger(this.logger),
        });
        try {
          return await inner.initialize(hooks);
        } catch (error) {
          // All subgraphs answered a moment ago: unless one went away in between, this is a
          // composition error, which waiting does not fix.
          if ((await this.silentSubgraphs()).length === 0) {
            throw new SupergraphUnavailableError(
              `GraphQL federation: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          continue;
        }
      }
      const delay = Math.min(2_000, 100 * 2 ** Math.min(attempt, 5));
      if (Date.now() + delay >= deadline) {
        throw new SupergraphUnavailableError(
          `GraphQL federation: subgraph(s) did not answer within ${Math.round(waitMs / 1000)} s: ` +
            silent.map((s) => `${s.name} at ${s.url} (${s.reason})`).join('; '),
        );
      }
      if (attempt === 1 || attempt % 5 === 0) {
        this.logger.warn({ waitingFor: silent.map((s) => s.name) }, 'waiting for GraphQL subgraphs to answer');
      }
      await sleep(delay);
    }
  }

  private async silentSubgraphs(): Promise<Array<SubgraphEndpoint & { reason: string }>> {
    const results = await Promise.all(
      this.options.subgraphs.map(async (subgraph) => ({
        ...subgraph,
        reason: await this.options.probe.check(subgraph, this.options.probeTimeoutMs ?? 2_000),
      })),
    );
    return results.filter((result): result is SubgraphEndpoint & { reason: string } => result.reason !== undefined);
  }
}
