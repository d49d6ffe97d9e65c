import { Controller } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { IntegrationRedis } from '@so/integration-events';
import { RedisHealthIndicator, ServiceHealthController } from '@so/shared';

/** Liveness (process up) and readiness: Postgres and Redis. */
@Controller('health')
export class HealthController extends ServiceHealthController {
  constructor(
    health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly redisIndicator: RedisHealthIndicator,
    private readonly redis: IntegrationRedis,
  ) {
    super(health);
  }

  protected readinessChecks(): HealthIndicatorFunction[] {
    return [
      () => this.postgres.pingCheck('postgres', { timeout: 1000 }),
      () => this.redisIndicator.check('redis', this.redis.commands),
    ];
  }
}
