import { startHttpServer, type TestHttpServer } from '@so/testing';
import type { IncomingMessage } from 'node:http';

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReceiver extends TestHttpServer {
  requests: ReceivedRequest[];
  /** Status to answer with instead of success (e.g. 503 while "down"); undefined = healthy. */
  failWith?: number;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** A generic or chat webhook receiver: records every request, answers 200 (`ok`) unless told to fail. */
export async function startWebhookReceiver(): Promise<FakeReceiver> {
  const state: { requests: ReceivedRequest[]; failWith?: number } = { requests: [] };
  const server = await startHttpServer((request, response) => {
    void readBody(request).then((body) => {
      state.requests.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(state.failWith ?? 200, { 'content-type': 'text/plain' }).end(state.failWith ? 'unavailable' : 'ok');
    });
  });
  return Object.assign(state, server) as FakeReceiver;
}

/**
 * The part of the GitHub Issues REST API the connector uses: `POST /repos/{owner}/{repo}/issues`
 * with a bearer token, answering 201 with the issue (`id`, `number`, `html_url`), 401 for another token.
 */
export async function startFakeGithub(token: string): Promise<FakeReceiver & { issues: Array<{ repo: string; id: number; number: number; title: string; body: string; labels: string[] }> }> {
  const state = { requests: [] as ReceivedRequest[], issues: [] as Array<{ repo: string; id: number; number: number; title: string; body: string; labels: string[] }>, failWith: undefined as number | undefined };
  const server = await startHttpServer((request, response) => {
    void readBody(request).then((body) => {
      state.requests.push({ path: request.url ?? '', headers: request.headers, body });
      const match = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(request.url ?? '');
      const json = (status: number, value: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (request.method !== 'POST' || !match) return json(404, { message: 'Not Found' });
      if (request.headers.authorization !== `Bearer ${token}`) return json(401, { message: 'Bad credentials' });
      if (state.failWith) return json(state.failWith, { message: 'Service Unavailable' });
      const input = JSON.parse(body) as { title: string; body: string; labels: string[] };
      const number = state.issues.length + 1;
      const issue = { repo: `${match[1]}/${match[2]}`, id: 1_000_000 + number, number, ...input };
      state.issues.push(issue);
      return json(201, { id: issue.id, number, html_url: `https://github.example/${issue.repo}/issues/${number}`, title: input.title });
    });
  });
  return Object.assign(state, server) as FakeReceiver & { issues: typeof state.issues };
}
