import type { ApiKeyAuthenticator } from '@so/gateway-auth';
import { correlationIdOrNew, isDomainException, type CallerIdentity } from '@so/shared';
import type { IncomingHttpHeaders } from 'node:http';

export type ConnectionAuthResult = { ok: true; identity: CallerIdentity } | { ok: false; closeCode: number; reason: string };

/** graphql-ws close codes for refused connections (4400-4499 are application codes in the protocol). */
const CLOSE_CODES: Record<string, number> = { UNAUTHENTICATED: 4401, PERMISSION_DENIED: 4403, RATE_LIMITED: 4429 };

/**
 * Authenticates a graphql-ws `connection_init`: the API key comes in connectionParams as `apiKey`,
 * `authorization` (`Bearer <key>`) or `x-api-key`, and goes through the same authenticator (and
 * per-key quota) as HTTP requests. Browsers cannot set headers on a websocket, hence the params.
 */
export async function authenticateConnection(
  authenticator: ApiKeyAuthenticator,
  params: Record<string, unknown> | undefined,
): Promise<ConnectionAuthResult> {
  const headers: IncomingHttpHeaders = {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const apiKey = text(params?.apiKey);
  const authorization = text(params?.authorization) ?? text(params?.Authorization);
  if (authorization) headers.authorization = authorization;
  else if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const headerKey = text(params?.['x-api-key']);
  if (headerKey) headers['x-api-key'] = headerKey;
  try {
    const { caller } = await authenticator.authenticate(headers, correlationIdOrNew());
    return { ok: true, identity: caller.identity };
  } catch (error) {
    if (!isDomainException(error)) throw error;
    // Close reasons are limited to 123 bytes.
    const reason = `${error.code}: ${error.message}`.slice(0, 120);
    return { ok: false, closeCode: CLOSE_CODES[error.kind] ?? 4403, reason };
  }
}
