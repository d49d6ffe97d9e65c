import { unwrapResolverError } from '@apollo/server/errors';
import type { LoggerService } from '@nestjs/common';
import { ERROR_KIND_MAPPING, isDomainException } from '@so/shared';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';

/**
 * Domain errors keep their message and get the GraphQL code of their kind (plus the namespaced
 * `errorCode`); unexpected errors are logged with an errorId and reach the client without internals.
 */
export function createGraphqlErrorFormatter(logger: LoggerService): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (isDomainException(original)) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ERROR_KIND_MAPPING[original.kind].graphql, errorCode: original.code },
      };
    }
    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && !(original instanceof GraphQLError)) {
      const errorId = randomUUID();
      logger.error({ errorId, err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original) }, 'GraphQL resolver failed');
      return {
        message: `An unexpected error occurred. Quote errorId ${errorId} when reporting it.`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
      };
    }
    return formatted;
  };
}
