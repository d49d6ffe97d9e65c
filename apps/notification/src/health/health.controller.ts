import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { RealtimeRedis } from '@so/notification-realtime';
import { RedisHealthIndicator } from '@so/shared';

/** Liveness (process up) and readiness (Redis, which carries events and the shared rooms). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redisIndicator: RedisHealthIndicator,
    private readonly redis: RealtimeRedis,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.redisIndicator.check('redis', this.redis.pub)]);
  }
}
