import { unwrapResolverError } from '@apollo/server/errors';
import type { LoggerService } from '@nestjs/common';
import { ERROR_KIND_MAPPING, isDomainException } from '@so/shared';
import type { GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';

/**
 * Maps domain errors to GraphQL error codes through ERROR_KIND_MAPPING (with the stable domain code
 * and field violations), keeps GraphQL's own request errors as they are, and hides unknown errors
 * behind an errorId that is logged with the details.
 */
export function graphqlErrorFormatter(logger: LoggerService) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
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
    const code = formatted.extensions?.code;
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      const errorId = randomUUID();
      logger.error(
        {
          msg: 'unhandled GraphQL error',
          errorId,
          err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original),
        },
        'GraphQL',
      );
      return {
        ...base,
        message: `internal error (errorId ${errorId})`,
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
      };
    }
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions };
  };
}
