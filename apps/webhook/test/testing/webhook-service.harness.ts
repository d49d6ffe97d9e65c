import type { Metadata } from '@grpc/grpc-js';
import { createDomainEvent, webhookInternalProto, type AnyDomainEvent, type EventPayloadMap, type EventType } from '@so/contracts';
import {
  EventBusPublisher,
  internalCallMetadata,
  signIdentity,
  type CallerIdentity,
  type RunningService,
} from '@so/shared';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, freePort, leaseTestRedis, type TestDatabase, type TestRedisLease } from '@so/testing';
import { bootstrapWebhookService } from '../../src/bootstrap.js';
import { WebhookAdminTestClient } from './webhook-admin.client.js';
import { GrpcTestClient } from './grpc-test.client.js';

export const INTERNAL_TOKEN = 'test-internal-token-0123456789';

/** One booted webhook service with its own database and Redis database, plus clients to drive it. */
export class WebhookServiceHarness {
  service!: RunningService;
  admin!: WebhookAdminTestClient;
  adminRpc!: GrpcTestClient<typeof webhookInternalProto.WebhookAdminServiceService>;
  operations!: GrpcTestClient<typeof webhookInternalProto.WebhookOperationsServiceService>;
  inbound!: GrpcTestClient<typeof webhookInternalProto.WebhookInboundServiceService>;
  private env: NodeJS.ProcessEnv = {};
  db!: pg.Pool;
  redis!: Redis;
  private database?: TestDatabase;
  private redisLease?: TestRedisLease;
  private publisher!: EventBusPublisher;

  async start(env: Record<string, string>): Promise<this> {
    this.database = await createTestDatabase();
    // A Redis database of our own: the event stream and the queue have fixed names.
    this.redisLease = await leaseTestRedis();
    const grpcPort = await freePort();
    this.env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      HTTP_PORT: '0',
      GRPC_PORT: String(grpcPort),
      DATABASE_URL: this.database.url,
      REDIS_URL: this.redisLease.url,
      INTERNAL_TOKEN,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      WEBHOOK_TIMEOUT_MS: '3000',
      ...env,
    };
    await this.boot();
    this.db = new pg.Pool({ connectionString: this.database.url, max: 2 });
    this.redis = new Redis(this.redisLease.url, { maxRetriesPerRequest: 1 });
    this.publisher = new EventBusPublisher(this.redis);
    return this;
  }

  /** Boots the service on the same database, Redis and ports (after stop or restart). */
  private async boot(): Promise<void> {
    this.service = await bootstrapWebhookService(this.env);
    const address = this.service.grpcUrl ?? '';
    this.admin = new WebhookAdminTestClient(address);
    this.adminRpc = new GrpcTestClient(webhookInternalProto.WebhookAdminServiceService, 'WebhookAdminService', address);
    this.operations = new GrpcTestClient(
      webhookInternalProto.WebhookOperationsServiceService,
      'WebhookOperationsService',
      address,
    );
    this.inbound = new GrpcTestClient(webhookInternalProto.WebhookInboundServiceService, 'WebhookInboundService', address);
  }

  private closeClients(): void {
    this.admin?.close();
    this.adminRpc?.close();
    this.operations?.close();
    this.inbound?.close();
  }

  /** Closes the service (as a deploy or crash-restart would) and boots it again on the same data. */
  async restart(): Promise<void> {
    this.closeClients();
    await this.service.close();
    await this.boot();
  }

  async stop(): Promise<void> {
    this.closeClients();
    await this.service?.close();
    await this.db?.end();
    await this.redis?.quit();
    await this.redisLease?.release();
    await this.database?.drop();
  }

  identity(orgId: string): CallerIdentity {
    return { orgId, principalId: `key-${orgId}`, scopes: ['webhooks:write'] };
  }

  metadata(orgId: string): Metadata {
    return internalCallMetadata(this.identity(orgId), INTERNAL_TOKEN);
  }

  identityHeader(orgId: string): string {
    return signIdentity(this.identity(orgId), INTERNAL_TOKEN);
  }

  event<T extends EventType>(type: T, orgId: string, data: EventPayloadMap[T], projectId = 'shop-api'): AnyDomainEvent {
    return createDomainEvent({ type, orgId, projectId, correlationId: randomUUID(), data }) as AnyDomainEvent;
  }

  async publish(...events: AnyDomainEvent[]): Promise<void> {
    await this.publisher.publish(events);
  }

  async graphql(query: string, variables: Record<string, unknown> = {}, orgId?: string) {
    const response = await fetch(`${this.service.httpUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(orgId ? { 'x-so-identity': this.identityHeader(orgId) } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: Record<string, unknown> | null;
        errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
      },
    };
  }

  async attempts(messageId: string) {
    const result = await this.db.query(
      `SELECT attempt_number, status, response_status, response_headers, response_body, latency_ms, error
         FROM webhook.attempts WHERE message_id = $1 ORDER BY attempt_number`,
      [messageId],
    );
    return result.rows as Array<{
      attempt_number: number;
      status: string;
      response_status: number | null;
      response_headers: Record<string, string> | null;
      response_body: string | null;
      latency_ms: number;
      error: string | null;
    }>;
  }

  async messagesForEvent(eventId: string) {
    const result = await this.db.query(
      `SELECT id, endpoint_id, status, attempt_count, delivered_at FROM webhook.messages WHERE event_id = $1 ORDER BY created_at`,
      [eventId],
    );
    return result.rows as Array<{
      id: string;
      endpoint_id: string;
      status: string;
      attempt_count: number;
      delivered_at: Date | null;
    }>;
  }
}
