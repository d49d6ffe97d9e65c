import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { createGraphqlErrorFormatter, IDENTITY_HEADER, logGraphqlErrorWith, verifyIdentity } from '@so/shared';
import type { FastifyRequest } from 'fastify';
import { identityRequiredPlugin } from './identity-required.plugin.js';
import type { IntegrationGraphqlContext } from './integration-graphql.context.js';
import { IntegrationEventsLoaderFactory } from './integration-events.loader.js';
import { IntegrationMutationResolver } from './integration-mutation.resolver.js';
import { SecurityAnalysisResolver } from './security-analysis.resolver.js';
import { SecurityAnalysisReference } from './types/security-analysis.reference.js';

export interface IntegrationGraphqlOptions {
  /** Verifies the identity the gateway forwards in `x-so-identity`. */
  internalToken: string;
}

@Module({ providers: [IntegrationEventsLoaderFactory], exports: [IntegrationEventsLoaderFactory] })
class IntegrationGraphqlLoadersModule {}

/** The integration subgraph (Federation 2, code-first, schema built in memory) at POST /graphql. */
@Module({})
export class IntegrationGraphqlModule {
  static forRoot(options: IntegrationGraphqlOptions): DynamicModule {
    return {
      module: IntegrationGraphqlModule,
      imports: [
        IntegrationGraphqlLoadersModule,
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          imports: [IntegrationGraphqlLoadersModule],
          inject: [IntegrationEventsLoaderFactory],
          useFactory: (loaders: IntegrationEventsLoaderFactory): ApolloFederationDriverConfig => ({
            path: '/graphql',
            autoSchemaFile: { federation: 2 },
            // No root field returns SecurityAnalysis here (it is reached through _entities), so list it explicitly.
            buildSchemaOptions: { orphanedTypes: [SecurityAnalysisReference] },
            graphiql: false,
            introspection: true,
            includeStacktraceInErrorResponses: false,
            // Inline tracing only serves Apollo usage reporting, which this platform never does.
            plugins: [identityRequiredPlugin(), ApolloServerPluginInlineTraceDisabled()],
            formatError: createGraphqlErrorFormatter(logGraphqlErrorWith(new Logger('IntegrationGraphql'))),
            context: (request: FastifyRequest): IntegrationGraphqlContext => {
              const identity = verifyIdentity(request.headers[IDENTITY_HEADER], options.internalToken);
              return identity ? { identity, integrationEventsByAnalysis: loaders.create(identity.orgId) } : {};
            },
          }),
        }),
      ],
      providers: [SecurityAnalysisResolver, IntegrationMutationResolver],
    };
  }
}
