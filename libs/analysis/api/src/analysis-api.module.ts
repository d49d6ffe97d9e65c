import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { AnalysisBatchReader } from '@so/analysis-feature';
import { createGraphqlErrorFormatter, logGraphqlErrorWith } from '@so/shared';
import type { FastifyRequest } from 'fastify';
import { ANALYSIS_API_OPTIONS, type AnalysisApiOptions } from './analysis-api.options.js';
import { AnalysisMutationResolver } from './graphql/analysis-mutation.resolver.js';
import { DashboardMetricsResolver } from './graphql/dashboard-metrics.resolver.js';
import { AnalysisComparisonResolver } from './graphql/analysis-comparison.resolver.js';
import type { AnalysisGraphqlContext } from './graphql/graphql-context.js';
import { createAnalysisLoaders } from './graphql/loaders/analysis-loaders.js';
import { ProjectAnalysesResolver } from './graphql/project-analyses.resolver.js';
import { ProjectResolver } from './graphql/project.resolver.js';
import { SecurityAnalysisResolver } from './graphql/security-analysis.resolver.js';
import { VulnerabilitySearchResolver } from './graphql/vulnerability-search.resolver.js';
import { AnalysisQueryGrpcController } from './grpc/analysis-query.grpc.controller.js';
import { SecurityOrchestratorGrpcController } from './grpc/security-orchestrator.grpc.controller.js';
import { CallerIdentityResolver } from './identity/caller-identity.resolver.js';
import { StartAnalysesHandler } from './grpc/start-analyses.handler.js';

/**
 * The analysis service's transports: gRPC controllers (the gRPC server itself is connected by the
 * app) and the federated GraphQL subgraph at POST /graphql. Needs AnalysisFeatureModule.
 */
@Module({})
export class AnalysisApiModule {
  static forRoot(options: AnalysisApiOptions): DynamicModule {
    const identities = new CallerIdentityResolver(options);
    const logger = new Logger('GraphQL');
    return {
      module: AnalysisApiModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          // AnalysisBatchReader comes from the (global) AnalysisFeatureModule.
          inject: [AnalysisBatchReader],
          useFactory: (reader: AnalysisBatchReader): ApolloFederationDriverConfig => ({
            path: '/graphql',
            // In memory only: the committed SDL is produced by a separate script, never at runtime.
            autoSchemaFile: { federation: 2 },
            sortSchema: true,
            playground: false,
            graphiql: false,
            introspection: true,
            includeStacktraceInErrorResponses: false,
            // Traces for Apollo's usage reporting are never sent from here.
            plugins: [ApolloServerPluginInlineTraceDisabled()],
            context: (request: FastifyRequest): AnalysisGraphqlContext => {
              const identity = identities.fromHeader(request.headers['x-so-identity']);
              // Loaders live for one request and one verified org: batching never mixes tenants.
              return { req: request, identity, loaders: identity ? createAnalysisLoaders(reader, identity) : undefined };
            },
            formatError: createGraphqlErrorFormatter(logGraphqlErrorWith(logger)),
          }),
        }),
      ],
      controllers: [SecurityOrchestratorGrpcController, AnalysisQueryGrpcController],
      providers: [
        { provide: ANALYSIS_API_OPTIONS, useValue: options },
        CallerIdentityResolver,
        StartAnalysesHandler,
        SecurityAnalysisResolver,
        AnalysisComparisonResolver,
        ProjectResolver,
        ProjectAnalysesResolver,
        DashboardMetricsResolver,
        VulnerabilitySearchResolver,
        AnalysisMutationResolver,
      ],
    };
  }
}
