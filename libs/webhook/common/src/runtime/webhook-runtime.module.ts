import { Global, Module, type DynamicModule } from '@nestjs/common';
import { SecretCipher } from '../crypto/secret-cipher.js';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { WEBHOOK_OPTIONS, WEBHOOK_REDIS, type WebhookRuntimeOptions } from './webhook-options.js';

export interface WebhookRuntimeDependencies {
  options: WebhookRuntimeOptions;
  dataSource: DataSource;
  redis: Redis;
  cipher: SecretCipher;
}

/**
 * Makes the connections bootstrap opened (already migrated Postgres, Redis) and the options
 * injectable everywhere. Bootstrap owns their lifecycle so they close after every Nest hook ran.
 */
@Global()
@Module({})
export class WebhookRuntimeModule {
  static forRoot(dependencies: WebhookRuntimeDependencies): DynamicModule {
    return {
      module: WebhookRuntimeModule,
      providers: [
        { provide: WEBHOOK_OPTIONS, useValue: dependencies.options },
        { provide: DataSource, useValue: dependencies.dataSource },
        { provide: WEBHOOK_REDIS, useValue: dependencies.redis },
        { provide: SecretCipher, useValue: dependencies.cipher },
      ],
      exports: [WEBHOOK_OPTIONS, DataSource, WEBHOOK_REDIS, SecretCipher],
    };
  }
}
