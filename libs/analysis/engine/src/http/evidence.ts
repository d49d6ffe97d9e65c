import type { FindingEvidence } from '../engine.types.js';
import type { ProbeExchange } from './probe.types.js';

const BODY_EXCERPT_CHARS = 500;

/**
 * Evidence a reviewer can replay: the request line and headers sent, then the status line, the
 * headers that matter for the rule (all of them when none are named) and the start of the body.
 */
export function toEvidence(exchange: ProbeExchange, relevantHeaders?: readonly string[]): FindingEvidence {
  const url = new URL(exchange.request.url);
  const requestLines = [
    `${exchange.request.method} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    ...Object.entries(exchange.request.headers).map(([name, value]) => `${name}: ${value}`),
  ];
  const { response } = exchange;
  const names = relevantHeaders ?? Object.keys(response.headers);
  const headerLines = names
    .filter((name) => response.headers[name] !== undefined)
    .map((name) => `${name}: ${response.headers[name]}`);
  const excerpt = response.body.slice(0, BODY_EXCERPT_CHARS);
  const more = response.body.length > BODY_EXCERPT_CHARS || response.truncated ? '\n[body truncated]' : '';
  const responseText = [
    `HTTP/${response.httpVersion} ${response.status} ${response.statusText}`,
    ...headerLines,
    '',
    excerpt,
  ]
    .join('\n')
    .concat(more);
  return { request: requestLines.join('\n'), response: responseText };
}
