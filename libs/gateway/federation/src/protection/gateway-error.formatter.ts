import { unwrapResolverError } from '@apollo/server/errors';
import type { LoggerService } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import { GraphQLLimitCode } from './graphql-limits.js';

/** Extension keys a client may see; anything else (stacktrace, exception, internal hints) is dropped. */
const PUBLIC_EXTENSIONS = new Set([
  'code',
  'errorCode',
  'errorId',
  'serviceName',
  'violations',
  'depth',
  'maxDepth',
  'cost',
  'maxCost',
  'maxPageSize',
]);
const LIMIT_CODES = new Set<string>(Object.values(GraphQLLimitCode));

/**
 * Last step of every error the gateway answers with: a stable `extensions.code` on every error,
 * only public extension keys, and no internals. An unexpected error (no code, or
 * INTERNAL_SERVER_ERROR that no subgraph already masked with an errorId) is logged under a fresh
 * errorId and reaches the client as that id only. Apollo rewrites the code of validation-rule
 * errors to GRAPHQL_VALIDATION_FAILED; the gateway's own limit codes are restored here.
 */
export function createGatewayErrorFormatter(
  logger: LoggerService,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const extensions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(formatted.extensions ?? {})) {
      if (PUBLIC_EXTENSIONS.has(key)) extensions[key] = value;
    }
    const originalCode = limitCodeOf(error);
    if (originalCode) extensions.code = originalCode;

    const code = typeof extensions.code === 'string' ? extensions.code : undefined;
    if (!code || (code === 'INTERNAL_SERVER_ERROR' && typeof extensions.errorId !== 'string')) {
      const errorId = randomUUID();
      const original = unwrapResolverError(error);
      logger.error(
        {
          errorId,
          err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original),
        },
        'GraphQL operation failed',
      );
      return {
        message: `An unexpected error occurred. Quote errorId ${errorId} when reporting it.`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId, ...(extensions.serviceName ? { serviceName: extensions.serviceName } : {}) },
      };
    }
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  };
}

function limitCodeOf(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const inner = error.originalError;
  const code = inner instanceof GraphQLError ? inner.extensions.code : undefined;
  return typeof code === 'string' && LIMIT_CODES.has(code) ? code : undefined;
}
