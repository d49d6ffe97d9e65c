import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HealthCheckService, HealthIndicatorService, TerminusModule, type HealthIndicatorFunction } from '@nestjs/terminus';
import { createFastifyAdapter } from '../http/fastify-app.js';
import { ProblemJsonFilter } from '../http/problem-json.filter.js';
import { ServiceHealthController } from './service-health.controller.js';

/** Whether the fake dependency answers; flipped by the tests. */
const queue = { up: true };

@Controller('health')
class QueueHealthController extends ServiceHealthController {
  constructor(
    health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
  ) {
    super(health);
  }

  protected readinessChecks(): HealthIndicatorFunction[] {
    return [
      () => this.indicators.check('postgres').up(),
      () => (queue.up ? this.indicators.check('queue').up() : this.indicators.check('queue').down({ message: 'no PONG within 1000 ms' })),
    ];
  }
}

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [QueueHealthController] })
class HealthTestModule {}

describe(ServiceHealthController.name, () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`);
    return { statusCode: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(HealthTestModule, createFastifyAdapter(), { logger: false });
    // As in every service: the filter must not hide the readiness report.
    app.useGlobalFilters(new ProblemJsonFilter());
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers liveness without checking dependencies', async () => {
    queue.up = false;
    const live = await get('/health/live');
    expect(live.statusCode).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
  });

  it('answers readiness with the subclass checks by name: 200 when all are up, 503 naming the one that is down', async () => {
    queue.up = true;
    const ready = await get('/health/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, queue: { status: 'up' } } });

    queue.up = false;
    const notReady = await get('/health/ready');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.body).toMatchObject({
      status: 'error',
      info: { postgres: { status: 'up' } },
      error: { queue: { status: 'down', message: 'no PONG within 1000 ms' } },
    });
  });
});
