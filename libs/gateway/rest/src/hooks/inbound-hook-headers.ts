/**
 * Headers never relayed to the webhook service: the gateway's own credentials and identity, and
 * what belongs to this hop. Everything else is the sender's and may carry what its scheme signs
 * (`webhook-*`, `X-Hub-Signature-256`, `X-GitHub-Delivery`, a generic HMAC header whose name each
 * source chooses, `x-timestamp`, `x-event-id`), so the rest is forwarded as sent.
 */
const NOT_RELAYED = new Set([
  'authorization',
  'cookie',
  'x-api-key',
  'x-so-identity',
  'proxy-authorization',
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);
const MAX_HEADERS = 64;
const MAX_VALUE_LENGTH = 8192;

/** The sender's headers to relay (lower-case names, repeated headers joined), bounded in count and size. */
export function relayableInboundHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const relayed: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || NOT_RELAYED.has(lower) || lower.startsWith('proxy-')) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (text.length > MAX_VALUE_LENGTH) continue;
    relayed[lower] = text;
    if (++count >= MAX_HEADERS) break;
  }
  return relayed;
}
