import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_KIND_MAPPING, isDomainException } from '@so/shared';
import type { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';

/** Codes Apollo itself sets for bad requests; they are safe to show as they are. */
const CLIENT_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Domain errors keep their message and get `extensions.code` from ERROR_KIND_MAPPING (plus the
 * namespaced `errorCode`); request errors pass through; anything else is logged under an errorId
 * and shown without internals.
 */
export function createGraphqlErrorFormatter(logError: (errorId: string, error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    if (isDomainException(original)) {
      return {
        ...base,
        message: original.message,
        extensions: {
          code: ERROR_KIND_MAPPING[original.kind].graphql,
          errorCode: original.code,
          ...(original.violations.length > 0 ? { violations: original.violations } : {}),
        },
      };
    }
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) {
      return { ...base, message: formatted.message, extensions: { code } };
    }
    const errorId = randomUUID();
    logError(errorId, original);
    return {
      ...base,
      message: `internal error (errorId ${errorId})`,
      extensions: { code: ERROR_KIND_MAPPING.INTERNAL.graphql, errorId },
    };
  };
}
