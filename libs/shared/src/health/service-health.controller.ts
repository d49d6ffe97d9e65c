import { Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthCheckService, HealthIndicatorFunction } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';

/**
 * `GET <prefix>/live` and `GET <prefix>/ready` of a service. A subclass carries `@Controller('health')`,
 * injects what it checks and lists its readiness checks in `readinessChecks()`, so each service's
 * dependencies stay visible in its own controller while the answering lives here once.
 */
export abstract class ServiceHealthController {
  protected constructor(private readonly health: HealthCheckService) {}

  /** The process answers; dependencies are not checked (restarting it would not fix them). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 with terminus' per-dependency report when every check passes, else 503 with the same report
   * naming what is down. Answered here because the global problem+json filter hides a 5xx's body,
   * and an operator looking at a failing probe needs to see which dependency failed.
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.readinessChecks());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  /** What must answer before the service takes traffic, each under the name the report shows. */
  protected abstract readinessChecks(): HealthIndicatorFunction[];
}
