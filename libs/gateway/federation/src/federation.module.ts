import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { FastifyRequest } from 'fastify';
import { Agent } from 'undici';
import { apolloLogger } from './apollo-logger.js';
import type { GatewayFederationOptions } from './federation.options.js';
import { gatewayGraphQLContext } from './gateway-graphql.context.js';
import { RetryingIntrospectAndCompose } from './retrying-introspect-and-compose.js';
import { SignedSubgraphDataSource } from './signed-subgraph.data-source.js';
import { createGatewayErrorFormatter } from './protection/gateway-error.formatter.js';
import { OperationAllowlist } from './protection/operation-allowlist.js';
import { maxDepthRule } from './protection/operation-depth.rule.js';
import { operationLimitsPlugin } from './protection/operation-limits.plugin.js';
import { SubgraphProbe } from './subgraph.probe.js';
import { createUndiciFetcher } from './undici-fetcher.js';

const SUBGRAPH_AGENT = Symbol('SUBGRAPH_AGENT');
export const SUBGRAPH_ENDPOINTS = Symbol('SUBGRAPH_ENDPOINTS');

/**
 * The federated GraphQL endpoint: Apollo Gateway over the service subgraphs, on Fastify.
 * Nothing leaves loopback: usage reporting, schema reporting and inline traces are switched off
 * explicitly (not left to the absence of APOLLO_KEY), all subgraph traffic goes through one undici
 * pool, and the gateway's telemetry exporter is disabled by APOLLO_TELEMETRY_DISABLED, which the app
 * sets before Apollo is constructed.
 */
@Module({})
export class GatewayFederationModule implements OnApplicationShutdown {
  constructor(@Inject(SUBGRAPH_AGENT) private readonly agent: Agent) {}

  static forRoot(options: GatewayFederationOptions): DynamicModule {
    const agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: 64,
      headersTimeout: options.subgraphTimeoutMs,
      bodyTimeout: options.subgraphTimeoutMs,
    });
    const fetcher = createUndiciFetcher(agent, options.subgraphTimeoutMs);
    const probe = new SubgraphProbe(agent);
    const logger = new Logger('ApolloGateway');
    // Read at boot: a missing or malformed allow-list fails the start instead of opening the gateway.
    const allowlist = options.limits.allowlistFile ? OperationAllowlist.fromFile(options.limits.allowlistFile) : undefined;
    return {
      module: GatewayFederationModule,
      global: true,
      imports: [
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: options.path,
            context: (request: FastifyRequest) => gatewayGraphQLContext(request),
            graphiql: options.graphiql,
            introspection: options.introspection,
            includeStacktraceInErrorResponses: false,
            validationRules: [maxDepthRule(options.limits.maxDepth)],
            formatError: createGatewayErrorFormatter(new Logger('GraphQL')),
            plugins: [
              operationLimitsPlugin(options.limits, allowlist),
              ApolloServerPluginUsageReportingDisabled(),
              ApolloServerPluginSchemaReportingDisabled(),
              ApolloServerPluginInlineTraceDisabled(),
            ],
          },
          gateway: {
            logger: apolloLogger(logger),
            supergraphSdl: new RetryingIntrospectAndCompose({
              subgraphs: options.subgraphs,
              probe,
              waitMs: options.subgraphWaitMs,
              pollIntervalMs: options.pollIntervalMs,
            }),
            buildService: ({ name, url }) =>
              new SignedSubgraphDataSource({ name, url: url ?? '', internalToken: options.internalToken, fetcher }),
          },
        }),
      ],
      providers: [
        { provide: SUBGRAPH_AGENT, useValue: agent },
        { provide: SubgraphProbe, useValue: probe },
        { provide: SUBGRAPH_ENDPOINTS, useValue: options.subgraphs },
      ],
      exports: [SubgraphProbe, SUBGRAPH_ENDPOINTS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }
}
