import type { LookupFunction } from 'node:net';
import type { Agent } from 'undici';
import { TargetPolicy, type HostResolver, type VettedTarget } from '../target/target-policy.js';
import type { AiAnalyzerSettings, ChatMessage } from './ai-analyzer.types.js';
import { AiEndpointError } from './ai-endpoint.error.js';

/** Answers are small JSON objects; anything longer is cut off here and fails to parse. */
const MAX_RESPONSE_BYTES = 256 * 1024;

export interface ChatCompletion {
  content: string;
  model: string;
}

/**
 * Minimal client of an OpenAI-compatible `POST /chat/completions`. The endpoint is vetted by the
 * same SSRF policy as scan targets before the first request, and every connection is pinned to
 * the vetted address, so neither a private address nor a DNS rebinding can turn it inward.
 * Redirects are not followed (undici's `request` never does).
 */
export class ChatCompletionsClient {
  private readonly endpoint: URL;
  private vetted?: Promise<VettedTarget>;
  private agent?: Agent;

  constructor(
    private readonly settings: AiAnalyzerSettings,
    private readonly resolver?: HostResolver,
  ) {
    this.endpoint = new URL(`${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`);
  }

  /** Throws TargetNotAllowedError (or InvalidTargetError, TargetUnreachableError) when the endpoint is refused. */
  async vet(): Promise<VettedTarget> {
    this.vetted ??= new TargetPolicy(this.settings.allowList, this.resolver).vet(this.endpoint.toString());
    return this.vetted;
  }

  /** `timeoutMs` defaults to the settings' limit; a caller with less time left passes less. */
  async complete(
    messages: readonly ChatMessage[],
    signal: AbortSignal,
    timeoutMs = this.settings.timeoutMs,
  ): Promise<ChatCompletion> {
    const undici = await loadUndici();
    const agent = this.agentFor(undici, await this.vet());
    const response = await undici.request(this.endpoint, {
      method: 'POST',
      dispatcher: agent,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        // A self-hosted server may need no key at all.
        ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: this.settings.model, messages, temperature: 0 }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, timeoutMs))]),
    }).catch((error: unknown) => {
      signal.throwIfAborted();
      throw new AiEndpointError(`AI endpoint unreachable: ${describe(error)}`, { cause: error });
    });
    const text = await readAtMost(response.body);
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new AiEndpointError(`AI endpoint answered HTTP ${response.statusCode}`);
    }
    return parseCompletion(text, this.settings.model);
  }

  async close(): Promise<void> {
    await this.agent?.close();
    this.agent = undefined;
  }

  private agentFor(undici: typeof import('undici'), target: VettedTarget): Agent {
    const { address, family } = target;
    const lookup = ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      if (options?.all) callback(null, [{ address, family }]);
      else callback(null, address, family);
    }) as unknown as LookupFunction;
    this.agent ??= new undici.Agent({
      connections: this.settings.concurrency,
      headersTimeout: this.settings.timeoutMs,
      bodyTimeout: this.settings.timeoutMs,
      connect: { timeout: this.settings.timeoutMs, lookup },
    });
    return this.agent;
  }
}

/**
 * undici is loaded on the first AI request only: the engine's entry point exports this client, and
 * the `so scan` CLI, which never enables AI, would otherwise pay for loading it at every start.
 */
let undiciModule: Promise<typeof import('undici')> | undefined;
function loadUndici(): Promise<typeof import('undici')> {
  undiciModule ??= import('undici');
  return undiciModule;
}

function parseCompletion(text: string, requestedModel: string): ChatCompletion {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AiEndpointError('AI endpoint answered something that is not JSON');
  }
  const answer = body as { model?: unknown; choices?: Array<{ message?: { content?: unknown } }> };
  const content = answer.choices?.[0]?.message?.content;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new AiEndpointError('AI endpoint answer has no choices[0].message.content');
  }
  return { content, model: typeof answer.model === 'string' && answer.model ? answer.model : requestedModel };
}

async function readAtMost(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_RESPONSE_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code} ${error.message}` : error.message;
}
