import type { IncomingMessage, ServerResponse } from 'node:http';
import { startHttpServer, type TestHttpServer } from './test-http-server.js';

/** One request the fake received: the parsed body and the headers that matter. */
export interface ChatCompletionsCall {
  path: string;
  authorization: string | undefined;
  body: { model?: string; messages?: Array<{ role: string; content: string }> };
}

/** How the fake answers one request; `content` becomes `choices[0].message.content`. */
export type ChatCompletionsReply =
  | { content: string; model?: string; delayMs?: number }
  | { status: number; body?: string; delayMs?: number };

export interface FakeChatCompletionsServer extends TestHttpServer {
  /** Base URL to configure, e.g. `http://127.0.0.1:1234/v1`. */
  baseUrl: string;
  calls: ChatCompletionsCall[];
  /** Requests being answered right now, and the most ever at once (concurrency checks). */
  inFlight: number;
  maxInFlight: number;
}

/**
 * A local server speaking the OpenAI chat-completions protocol (`POST /v1/chat/completions`), so
 * tests of the AI analyzer never need a real model. `reply` decides each answer from the request.
 */
export async function startFakeChatCompletions(
  reply: (call: ChatCompletionsCall) => ChatCompletionsReply,
): Promise<FakeChatCompletionsServer> {
  const state = { calls: [] as ChatCompletionsCall[], inFlight: 0, maxInFlight: 0 };
  const server = await startHttpServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += (chunk as Buffer).toString('utf8');
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    const call: ChatCompletionsCall = {
      path: req.url,
      authorization: req.headers.authorization,
      body: JSON.parse(text || '{}') as ChatCompletionsCall['body'],
    };
    state.calls.push(call);
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      const decided = reply(call);
      // Unref: a test that gave up on the answer must not be kept alive by the pending reply.
      if (decided.delayMs) await new Promise((resolve) => setTimeout(resolve, decided.delayMs).unref());
      if ('status' in decided) {
        res.writeHead(decided.status, { 'content-type': 'application/json' }).end(decided.body ?? '{}');
        return;
      }
      const model = decided.model ?? call.body.model ?? 'fake-model';
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `chatcmpl-${state.calls.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: decided.content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        }),
      );
    } finally {
      state.inFlight -= 1;
    }
  }
  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    get calls() {
      return state.calls;
    },
    get inFlight() {
      return state.inFlight;
    },
    get maxInFlight() {
      return state.maxInFlight;
    },
  };
}
