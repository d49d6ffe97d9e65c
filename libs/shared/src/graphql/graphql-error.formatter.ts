import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { isDomainException } from '../errors/domain.exception.js';
import { ERROR_KIND_MAPPING } from '../errors/error-mapping.js';

/** Receives what a client never sees: the error behind an `errorId`. */
export type GraphqlErrorLogger = (errorId: string, error: unknown) => void;

/**
 * The `formatError` of every subgraph:
 * - a DomainException keeps its message and gets `extensions.code` from ERROR_KIND_MAPPING, the
 *   stable `errorCode` and its field violations;
 * - a GraphQLError raised on purpose (Apollo's parse/validation/bad input errors, a resolver's own
 *   coded error) keeps its message and extensions, minus any stack trace;
 * - anything else is logged under an errorId and reaches the client without internals.
 */
export function createGraphqlErrorFormatter(logError: GraphqlErrorLogger) {
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
    const deliberate = original instanceof GraphQLError && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR';
    if (deliberate) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...base, message: formatted.message, extensions };
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

/** A logger-shaped sink for createGraphqlErrorFormatter: one structured line per hidden error. */
export function logGraphqlErrorWith(logger: { error(message: unknown, context?: string): void }, context = 'GraphQL'): GraphqlErrorLogger {
  return (errorId, error) =>
    logger.error(
      {
        msg: 'unhandled GraphQL error',
        errorId,
        err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      },
      context,
    );
}
