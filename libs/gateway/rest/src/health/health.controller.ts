import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@so/gateway-auth';
import type { FastifyReply } from 'fastify';
import { GatewayReadinessService } from './gateway-readiness.service.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly readinessService: GatewayReadinessService) {}

  /** Liveness: the process answers. Dependencies are readiness' business (a restart would not fix them). */
  @Get('health/live')
  @Public()
  @ApiExcludeEndpoint()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @Public()
  @ApiExcludeEndpoint()
  async ready(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.readinessService.readiness();
    await reply.status(report.ready ? 200 : 503).send(report.result);
  }

  @Get('api/v1/health')
  @Public()
  @ApiOperation({ summary: 'Service health summary', description: 'No API key needed. 503 when a dependency is down.' })
  @ApiResponse({ status: 200, description: '`{ status: "ok", components: { database: "up", ... } }`' })
  @ApiResponse({ status: 503, description: '`{ status: "degraded", components: { ... } }`' })
  async summary(@Res() reply: FastifyReply): Promise<void> {
    const summary = await this.readinessService.summary();
    await reply.status(summary.status === 'ok' ? 200 : 503).send(summary);
  }
}
