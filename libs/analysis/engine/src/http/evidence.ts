import type { FindingEvidence } from '../engine.types.js';
import type { ProbeExchange } from './probe.types.js';

const BODY_EXCERPT_CHARS = 500;

/** Headers whose values are credentials: evidence is stored and shown, so they are redacted. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'proxy-authorization',
]);

/**
 * Keeps enough of a credential to tell which one was sent: a JWT keeps its header and claims
 * (readable by anyone holding it anyway) and loses its signature, anything else keeps 6 characters.
 */
export function redactCredential(value: string): string {
  const [, scheme = '', token = value] = /^(\w+\s+)?(.*)$/s.exec(value) ?? [];
  const jwt = /^([\w-]+\.[\w-]+)\.([\w-]*)$/.exec(token);
  if (jwt) return `${scheme}${jwt[1]}.${jwt[2] ? '[signature redacted]' : ''}`;
  return token.length <= 6 ? `${scheme}[redacted]` : `${scheme}${token.slice(0, 6)}…[redacted]`;
}

/** JSON string properties named like secrets; their values are masked in response excerpts. */
const SECRET_JSON_PROPERTY =
  /"([\w-]{0,40}(?:password|passwd|secret|api[-_]?key|private[-_]?key|token|salt)[\w-]{0,20})"(\s*:\s*)"((?:[^"\\]|\\.){4,})"/gi;

/** Keeps 4 characters of each secret-named JSON value so the leak stays visible but not reusable. */
export function maskSecretValues(text: string): string {
  return text.replace(
    SECRET_JSON_PROPERTY,
    (_, key: string, colon: string, value: string) =>
      `"${key}"${colon}"${value.slice(0, 4)}…[${value.length} chars redacted]"`,
  );
}

/**
 * Evidence a reviewer can replay: the request line and headers sent, then the status line, the
 * headers that matter for the rule (all of them when none are named) and the start of the body.
 */
export function toEvidence(
  exchange: ProbeExchange,
  relevantHeaders?: readonly string[],
  extraSecretHeaders?: readonly string[],
): FindingEvidence {
  const url = new URL(exchange.request.url);
  const requestLines = [
    `${exchange.request.method} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    ...Object.entries(exchange.request.headers).map(
      ([name, value]) =>
        `${name}: ${CREDENTIAL_HEADERS.has(name) || extraSecretHeaders?.includes(name) ? redactCredential(value) : value}`,
    ),
  ];
  if (exchange.request.body !== undefined) {
    const body = exchange.request.body;
    requestLines.push(
      '',
      body.length > BODY_EXCERPT_CHARS ? `${body.slice(0, BODY_EXCERPT_CHARS)}\n[body truncated]` : body,
    );
  }
  const { response } = exchange;
  const names = relevantHeaders ?? Object.keys(response.headers);
  const headerLines = names
    .filter((name) => response.headers[name] !== undefined)
    .map((name) => `${name}: ${response.headers[name]}`);
  const excerpt = maskSecretValues(response.body.slice(0, BODY_EXCERPT_CHARS));
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
