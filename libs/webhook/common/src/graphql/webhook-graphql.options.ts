import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import type { LoggerService } from '@nestjs/common';
import { createGraphqlErrorFormatter, IDENTITY_HEADER, logGraphqlErrorWith, verifyIdentity } from '@so/shared';
import type { FastifyRequest } from 'fastify';
import { identityRequiredPlugin } from './identity-required.plugin.js';
import type { WebhookGraphqlContext } from './webhook-graphql.context.js';

/**
 * The webhook subgraph: code-first Federation 2 at POST /graphql, schema built in memory (nothing is
 * written at runtime), no landing page, identity from the signed x-so-identity header.
 */
export function webhookGraphqlOptions(
  internalToken: string,
  logger: LoggerService,
  /** Entities this subgraph extends but no query returns (e.g. SecurityAnalysis): they must still be in the schema. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entityTypes: Function[] = [],
): ApolloFederationDriverConfig {
  return {
    driver: ApolloFederationDriver,
    path: '/graphql',
    autoSchemaFile: { federation: 2 },
    sortSchema: true,
    buildSchemaOptions: { orphanedTypes: entityTypes },
    graphiql: false,
    includeStacktraceInErrorResponses: false,
    context: (request: FastifyRequest): WebhookGraphqlContext => ({
      identity: verifyIdentity(request.headers[IDENTITY_HEADER], internalToken),
    }),
    // No federated tracing: it only feeds Apollo's hosted usage reporting, which this platform never uses.
    plugins: [identityRequiredPlugin(), ApolloServerPluginInlineTraceDisabled()],
    formatError: createGraphqlErrorFormatter(logGraphqlErrorWith(logger)),
  };
}
