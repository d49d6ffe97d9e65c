import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AnalysisAbortedError, TargetPolicy, type VettedTarget } from '@so/analysis-engine';
import { CliIoError } from './cli-errors.js';

/** The engine refuses larger specs anyway; stop reading there instead of buffering a huge body. */
export const MAX_SPEC_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface FetchSpecOptions {
  /** Hosts/CIDRs that may be reached although private or loopback (the CLI's --allow). */
  allowList: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Downloads an OpenAPI document through the engine's SSRF policy: each URL (redirects included) is
 * vetted and the connection pinned to the vetted address, so a spec URL cannot reach a private
 * network or a cloud metadata endpoint unless the operator allowed it.
 */
export async function fetchSpec(rawUrl: string, options: FetchSpecOptions): Promise<string> {
  const policy = new TargetPolicy(options.allowList);
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let url = rawUrl;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const target = await policy.vet(url);
    const response = await get(target, signal, () =>
      options.signal?.aborted
        ? new AnalysisAbortedError()
        : deadline.aborted
          ? `no answer within ${options.timeoutMs / 1000} s`
          : undefined,
    );
    if (response.kind === 'body') return response.text;
    url = new URL(response.location, target.url).toString();
  }
  throw new CliIoError(`cannot fetch spec ${rawUrl}: more than ${MAX_REDIRECTS} redirects`);
}

type Fetched = { kind: 'body'; text: string } | { kind: 'redirect'; location: string };

/** `whyAborted` tells a user's Ctrl-C (rethrown as is) from the deadline (a message) once the signal fired. */
function get(
  target: VettedTarget,
  signal: AbortSignal,
  whyAborted: () => Error | string | undefined,
): Promise<Fetched> {
  const shown = target.url.toString();
  const lookup = ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise<Fetched>((resolve, reject) => {
    const fail = (message: string): void => reject(new CliIoError(`cannot fetch spec ${shown}: ${message}`));
    const onError = (error: Error): void => {
      const reason = signal.aborted ? whyAborted() : undefined;
      if (reason instanceof Error) reject(reason);
      else fail(reason ?? error.message);
    };
    const request = client.request(
      target.url,
      {
        method: 'GET',
        lookup,
        agent: false,
        signal,
        headers: {
          accept: 'application/json, application/yaml, text/yaml, */*;q=0.5',
          'user-agent': 'SecurityOrchestrator-CLI',
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          resolve({ kind: 'redirect', location: response.headers.location });
          return;
        }
        if (status < 200 || status >= 300) {
          response.resume();
          fail(`the server answered ${status} ${response.statusMessage ?? ''}`.trim());
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_SPEC_BYTES) {
            request.destroy();
            fail(`larger than ${MAX_SPEC_BYTES / 1024 / 1024} MB`);
            return;
          }
          chunks.push(chunk);
        });
        response.once('end', () => resolve({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') }));
        response.once('error', onError);
      },
    );
    request.once('error', onError);
    request.end();
  });
}
