import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@so/shared';
import { WEBHOOK_REDIS, WebhookException } from '@so/webhook-common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

@Controller('health')
export class WebhookHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redisIndicator: RedisHealthIndicator,
    private readonly dataSource: DataSource,
    @Inject(WEBHOOK_REDIS) private readonly redis: Redis,
  ) {}

  /** The process is up and serving HTTP; dependencies are not checked (a restart would not fix them). */
  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Ready to take traffic: Postgres and Redis answer. Not ready is a 503 problem+json naming what is down. */
  @Get('ready')
  async ready(): Promise<HealthCheckResult> {
    const result = await this.health
      .check([
        () => this.database.pingCheck('postgres', { connection: this.dataSource }).withTimeout(1500),
        () => this.redisIndicator.check('redis', this.redis, 1500),
      ])
      .catch((error: unknown) => {
        const details =
          (error as { response?: { error?: Record<string, { message?: string }> } }).response?.error ?? {};
        const down = Object.entries(details).map(
          ([name, info]) => `${name}${info.message ? ` (${info.message})` : ''}`,
        );
        throw new WebhookException(
          'UNAVAILABLE',
          'WEBHOOK.NOT_READY',
          `not ready: ${down.join(', ') || 'a dependency is down'}`,
        );
      });
    return result;
  }
}
