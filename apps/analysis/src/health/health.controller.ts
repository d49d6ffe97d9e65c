import { Controller, Inject } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ANALYSIS_REDIS } from '@so/analysis-feature';
import { RedisHealthIndicator, ServiceHealthController } from '@so/shared';
import type { Redis } from 'ioredis';

/** Liveness (process up) and readiness: Postgres and Redis. */
@Controller('health')
export class HealthController extends ServiceHealthController {
  constructor(
    health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redisIndicator: RedisHealthIndicator,
    @Inject(ANALYSIS_REDIS) private readonly redis: Redis,
  ) {
    super(health);
  }

  protected readinessChecks(): HealthIndicatorFunction[] {
    return [() => this.database.pingCheck('database').withTimeout(1000), () => this.redisIndicator.check('redis', this.redis)];
  }
}
