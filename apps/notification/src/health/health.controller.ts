import { Controller } from '@nestjs/common';
import { HealthCheckService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { RealtimeRedis } from '@so/notification-realtime';
import { RedisHealthIndicator, ServiceHealthController } from '@so/shared';

/** Liveness (process up) and readiness: Redis, which carries events and the shared rooms. */
@Controller('health')
export class HealthController extends ServiceHealthController {
  constructor(
    health: HealthCheckService,
    private readonly redisIndicator: RedisHealthIndicator,
    private readonly redis: RealtimeRedis,
  ) {
    super(health);
  }

  protected readinessChecks(): HealthIndicatorFunction[] {
    return [() => this.redisIndicator.check('redis', this.redis.pub)];
  }
}
