import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { ANALYSIS_REDIS } from '@so/analysis-feature';
import { RedisHealthIndicator } from '@so/shared';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';

/** Liveness: the process answers. Readiness: Postgres and Redis answer too. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redisIndicator: RedisHealthIndicator,
    @Inject(ANALYSIS_REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 503 with terminus' per-dependency report when something is down. Answered here because the
   * global problem+json filter turns every 5xx into an opaque 500.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(1000),
        () => this.redisIndicator.check('redis', this.redis),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
