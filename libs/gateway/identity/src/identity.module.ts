import { Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiKeyCache } from './api-key/api-key.cache.js';
import { ApiKeyRevocationBus } from './api-key/api-key-revocation.bus.js';
import { CreateApiKeyUseCase } from './usecases/create-api-key.usecase.js';
import { CreateOrgWithApiKeyUseCase } from './usecases/create-org-with-api-key.usecase.js';
import { EnsureBootstrapApiKeyUseCase } from './usecases/ensure-bootstrap-api-key.usecase.js';
import { ListApiKeysUseCase } from './usecases/list-api-keys.usecase.js';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key.usecase.js';
import { VerifyApiKeyUseCase } from './usecases/verify-api-key.usecase.js';

export interface GatewayIdentityOptions {
  /** Initialised and migrated by the caller, which also destroys it. */
  dataSource: DataSource;
  /** Shared command connection (publishes revocations). */
  redis: Redis;
  /** Opens the dedicated pub/sub connection for revocations; closed by this module. */
  createSubscriber: () => Redis;
  apiKeyCacheTtlMs: number;
  /** BOOTSTRAP_API_KEY: seeded into org `dev` at start (idempotent). */
  bootstrapApiKey?: string;
}

const REVOCATION_SUBSCRIBER = Symbol('REVOCATION_SUBSCRIBER');
const IDENTITY_OPTIONS = Symbol('IDENTITY_OPTIONS');

/** Identity: orgs and API keys (schema `gateway`). */
@Module({})
export class GatewayIdentityModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(ApiKeyRevocationBus) private readonly revocations: ApiKeyRevocationBus,
    @Inject(IDENTITY_OPTIONS) private readonly options: GatewayIdentityOptions,
    private readonly ensureBootstrapApiKey: EnsureBootstrapApiKeyUseCase,
  ) {}

  static forRoot(options: GatewayIdentityOptions): DynamicModule {
    return {
      module: GatewayIdentityModule,
      global: true,
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: options },
        { provide: DataSource, useValue: options.dataSource },
        { provide: ApiKeyCache, useValue: new ApiKeyCache({ ttlMs: options.apiKeyCacheTtlMs }) },
        { provide: REVOCATION_SUBSCRIBER, useFactory: options.createSubscriber },
        {
          provide: ApiKeyRevocationBus,
          inject: [ApiKeyCache, REVOCATION_SUBSCRIBER],
          useFactory: async (cache: ApiKeyCache, subscriber: Redis) => {
            const bus = new ApiKeyRevocationBus(cache, options.redis);
            await bus.start(subscriber);
            return bus;
          },
        },
        VerifyApiKeyUseCase,
        CreateOrgWithApiKeyUseCase,
        CreateApiKeyUseCase,
        RevokeApiKeyUseCase,
        ListApiKeysUseCase,
        EnsureBootstrapApiKeyUseCase,
      ],
      exports: [
        DataSource,
        ApiKeyCache,
        VerifyApiKeyUseCase,
        CreateOrgWithApiKeyUseCase,
        CreateApiKeyUseCase,
        RevokeApiKeyUseCase,
        ListApiKeysUseCase,
        EnsureBootstrapApiKeyUseCase,
      ],
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.options.bootstrapApiKey) await this.ensureBootstrapApiKey.execute(this.options.bootstrapApiKey);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.revocations.stop();
  }
}
