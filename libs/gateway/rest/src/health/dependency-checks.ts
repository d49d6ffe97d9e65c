import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { SUBGRAPH_ENDPOINTS, SubgraphProbe, type SubgraphEndpoint } from '@so/gateway-federation';
import {
  AnalysisGrpcClient,
  IntegrationGrpcClient,
  WebhookAdminGrpcClient,
  type GrpcPeerClient,
} from '@so/gateway-grpc';
import { RedisHealthIndicator } from '@so/shared';
import { DataSource } from 'typeorm';
import { Agent, request } from 'undici';
import { GATEWAY_REST_OPTIONS, type GatewayRestOptions } from '../rest.options.js';

export type DependencyCheck = () => Promise<HealthIndicatorResult>;

/**
 * Everything the gateway needs to serve: its Postgres and Redis, the gRPC peers (standard
 * grpc.health.v1 Check on the long-lived channels), the GraphQL subgraphs and the notification service.
 */
@Injectable()
export class DependencyChecks implements OnApplicationShutdown {
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 4 });

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly redisIndicator: RedisHealthIndicator,
    private readonly dataSource: DataSource,
    private readonly analysis: AnalysisGrpcClient,
    private readonly webhook: WebhookAdminGrpcClient,
    private readonly integration: IntegrationGrpcClient,
    private readonly probe: SubgraphProbe,
    @Inject(SUBGRAPH_ENDPOINTS) private readonly subgraphs: SubgraphEndpoint[],
    @Inject(GATEWAY_REST_OPTIONS) private readonly options: GatewayRestOptions,
  ) {}

  all(): DependencyCheck[] {
    const timeout = this.options.healthCheckTimeoutMs;
    return [
      () => this.database(timeout),
      () => this.redisIndicator.check('redis', this.options.redis, timeout),
      ...[this.analysis.peer, this.webhook.peer, this.integration.peer].map(
        (peer) => () => this.grpcPeer(peer, timeout),
      ),
      ...this.subgraphs.map((subgraph) => () => this.subgraph(subgraph, timeout)),
      () => this.notification(timeout),
    ];
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.close();
  }

  private async database(timeoutMs: number): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), timeoutMs);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }

  private async grpcPeer(peer: GrpcPeerClient, timeoutMs: number): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(`${peer.name}-grpc`);
    try {
      const status = await peer.checkHealth(timeoutMs);
      return status === 'SERVING' ? indicator.up() : indicator.down({ message: `health status ${status}` });
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }

  private async subgraph(subgraph: SubgraphEndpoint, timeoutMs: number): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(`${subgraph.name}-graphql`);
    const problem = await this.probe.check(subgraph, timeoutMs);
    return problem === undefined ? indicator.up() : indicator.down({ message: problem });
  }

  private async notification(timeoutMs: number): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('notification-http');
    try {
      const response = await request(new URL('/health/live', this.options.notificationHttpUrl), {
        dispatcher: this.agent,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      return response.statusCode === 200 ? indicator.up() : indicator.down({ message: `HTTP ${response.statusCode}` });
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
    ),
  ]);
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // gRPC errors: `details` is the message without the repeated status prefix.
  const details = (error as { details?: unknown }).details;
  if (typeof details === 'string' && details.length > 0) return details;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${String(code)}: ${error.message}` : error.message;
}
