import type { IncomingHttpHeaders } from 'node:http';
import { DomainException } from '@so/shared';

/** Header alternative to `Authorization: Bearer`, for clients that reserve Authorization for a proxy. */
export const API_KEY_HEADER = 'x-api-key';

/**
 * The API key a request presents, from `Authorization: Bearer <key>` or `X-API-Key: <key>`.
 * Throws UNAUTHENTICATED (AUTH.MISSING_CREDENTIALS) when neither carries one, and
 * AUTH.INVALID_API_KEY when both are present with different keys (ambiguous, so refused).
 */
export function extractApiKey(headers: IncomingHttpHeaders): string {
  const fromAuthorization = bearerToken(headers.authorization);
  const rawHeader = headers[API_KEY_HEADER];
  const fromHeader = (Array.isArray(rawHeader) ? rawHeader[0] : rawHeader)?.trim() || undefined;
  if (fromAuthorization && fromHeader && fromAuthorization !== fromHeader) {
    throw new DomainException(
      'UNAUTHENTICATED',
      'AUTH.INVALID_API_KEY',
      'Authorization and X-API-Key carry different keys',
    );
  }
  const key = fromAuthorization ?? fromHeader;
  if (key) return key;
  const detail =
    headers.authorization !== undefined
      ? 'the Authorization header must use the Bearer scheme: Authorization: Bearer <api key>'
      : 'send an API key as Authorization: Bearer <api key> or X-API-Key: <api key>';
  throw new DomainException('UNAUTHENTICATED', 'AUTH.MISSING_CREDENTIALS', detail);
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}
