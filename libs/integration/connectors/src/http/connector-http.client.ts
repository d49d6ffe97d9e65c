import { OutboundRefusedError, type OutboundAddressGuard } from '@so/shared';
import { Agent, request } from 'undici';
import { ConnectorError } from '../connector.error.js';

/** Only this much of an answer is read; trackers answer with small JSON documents. */
const RESPONSE_BODY_LIMIT_BYTES = 64 * 1024;

export interface ConnectorHttpResponse {
  status: number;
  body: string;
}

/**
 * Outbound POSTs of every connector on one keep-alive undici pool. The guard vets the resolved
 * address before and at connect time (so DNS rebinding cannot redirect a push inward). Redirects
 * are not followed, every phase times out, and network failures become retryable ConnectorErrors.
 */
export class ConnectorHttpClient {
  private readonly agent: Agent;

  constructor(
    private readonly guard: OutboundAddressGuard,
    private readonly timeoutMs: number,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      keepAliveMaxTimeout: 60_000,
      connections: 32,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: { timeout: Math.min(timeoutMs, 10_000), lookup: guard.lookup },
    });
  }

  /** Checks a target before it is stored, so a refused address is a configuration error, not a later failure. */
  async vet(url: string): Promise<void> {
    await this.guard.resolve(new URL(url).hostname);
  }

  async postJson(url: string, body: string, headers: Record<string, string>): Promise<ConnectorHttpResponse> {
    try {
      const target = new URL(url);
      // IP-literal hosts never reach the connect-time lookup, so they are vetted here.
      await this.guard.resolve(target.hostname);
      const response = await request(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'SecurityOrchestrator-Integrations', ...headers },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: response.statusCode, body: await readAtMost(response.body) };
    } catch (error) {
      if (error instanceof OutboundRefusedError) throw new ConnectorError(error.message, false);
      if (error instanceof ConnectorError) throw error;
      throw new ConnectorError(`could not reach ${safeOrigin(url)}: ${describe(error)}`, true);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

async function readAtMost(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk.subarray(0, RESPONSE_BODY_LIMIT_BYTES - size));
      size += Math.min(chunk.length, RESPONSE_BODY_LIMIT_BYTES - size);
      if (size >= RESPONSE_BODY_LIMIT_BYTES) break;
    }
  } catch {
    body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Status messages are shown to users: never echo a URL's path or query, which may hold a secret (Slack webhook URLs do). */
export function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the configured URL';
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}
