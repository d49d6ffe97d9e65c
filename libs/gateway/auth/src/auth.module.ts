import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { closeRedisConnection } from '@so/shared';
import type { Redis } from 'ioredis';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';
import { GATEWAY_AUTH_OPTIONS, type GatewayAuthOptions } from './auth.options.js';
import { ApiKeyAuthHook } from './http/api-key-auth.hook.js';
import { FixedWindowRateLimiter } from '@so/shared';
import { LeasedWindowRateLimiter } from './rate-limit/leased-window.rate-limiter.js';
import { API_KEY_RATE_LIMITER } from './rate-limit/rate-limiter.js';

const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/** API key authentication + per-key rate limiting for every HTTP route (see ApiKeyAuthHook). */
@Module({})
export class GatewayAuthModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly hook: ApiKeyAuthHook,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: Redis,
  ) {}

  static forRoot(options: GatewayAuthOptions): DynamicModule {
    return {
      module: GatewayAuthModule,
      global: true,
      providers: [
        { provide: GATEWAY_AUTH_OPTIONS, useValue: options },
        { provide: RATE_LIMIT_REDIS, useFactory: options.createRateLimitRedis },
        {
          provide: FixedWindowRateLimiter,
          inject: [RATE_LIMIT_REDIS],
          useFactory: (redis: Redis) => new FixedWindowRateLimiter(redis, options.rateLimit),
        },
        // API keys are the hot path (every REST, GraphQL and gRPC call): leased, no Redis round trip per request.
        {
          provide: API_KEY_RATE_LIMITER,
          inject: [RATE_LIMIT_REDIS],
          useFactory: (redis: Redis) => new LeasedWindowRateLimiter(redis, options.rateLimit),
        },
        ApiKeyAuthenticator,
        ApiKeyAuthHook,
      ],
      // The limiter too: routes without an API key (inbound hooks) rate-limit by their own subject.
      exports: [ApiKeyAuthenticator, FixedWindowRateLimiter],
    };
  }

  /** Before routes go live: Fastify refuses hooks once it is ready. */
  onModuleInit(): void {
    this.hook.register(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedisConnection(this.redis);
  }
}
