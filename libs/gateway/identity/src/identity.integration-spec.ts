import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRedisConnection, DomainException, runMigrationsWithLock } from '@so/shared';
import { createTestDatabase, testRedisUrl, waitFor, type TestDatabase } from '@so/testing';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiKeyCache } from './api-key/api-key.cache.js';
import { apiKeyLookupPrefix, hashApiKey } from './api-key/api-key-format.js';
import { ApiKeyRevocationBus } from './api-key/api-key-revocation.bus.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { OrgEntity } from './entities/org.entity.js';
import { GATEWAY_SCHEMA, gatewayDataSourceOptions } from './identity.data-source.js';
import { CreateApiKeyUseCase } from './usecases/create-api-key.usecase.js';
import { CreateOrgWithApiKeyUseCase } from './usecases/create-org-with-api-key.usecase.js';
import { EnsureBootstrapApiKeyUseCase } from './usecases/ensure-bootstrap-api-key.usecase.js';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key.usecase.js';
import { VerifyApiKeyUseCase } from './usecases/verify-api-key.usecase.js';

const BOOTSTRAP_KEY = 'so_live_Bootstrap0123456789abcdefghijklm';

describe('Gateway identity (Postgres + Redis)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const redisConnections: Redis[] = [];
  const redis = (name: string) => {
    const connection = createRedisConnection(testRedisUrl(), name);
    redisConnections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(gatewayDataSourceOptions(database.url, 4)).initialize();
    await runMigrationsWithLock(dataSource, GATEWAY_SCHEMA);
  });
  afterAll(async () => {
    for (const connection of redisConnections) if (connection.status !== 'end') await connection.quit();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('Migrations - run once even when replicas migrate concurrently', async () => {
    const others = await Promise.all(
      [1, 2].map(() => new DataSource(gatewayDataSourceOptions(database.url, 2)).initialize()),
    );
    try {
      await Promise.all(others.map((other) => runMigrationsWithLock(other, GATEWAY_SCHEMA)));
      const rows = (await dataSource.query(`SELECT name FROM "gateway"."migrations"`)) as Array<{ name: string }>;
      expect(rows.map((r) => r.name)).toEqual(['CreateIdentityTables1764200000000']);
    } finally {
      await Promise.all(others.map((other) => other.destroy()));
    }
  });

  it('Create org - stores the key hash and lookup prefix, never the key', async () => {
    const created = await new CreateOrgWithApiKeyUseCase(dataSource).execute({
      orgName: 'Acme',
      scopes: ['analyses:read', 'analyses:read'],
    });
    expect(created.apiKey.key).toMatch(/^so_live_[0-9A-Za-z]{32}$/);
    expect(created.apiKey.scopes).toEqual(['analyses:read']);
    const row = await dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: created.apiKey.id });
    expect(row).toMatchObject({
      orgId: created.org.id,
      prefix: apiKeyLookupPrefix(created.apiKey.key),
      hash: hashApiKey(created.apiKey.key),
    });
    const dump = JSON.stringify(await dataSource.query(`SELECT * FROM "gateway"."api_keys"`));
    expect(dump).not.toContain(created.apiKey.key);
  });

  it('Create org - refuses bad input with every violation', async () => {
    const error = await new CreateOrgWithApiKeyUseCase(dataSource)
      .execute({ orgName: ' ', scopes: ['root'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).violations.map((v) => v.field).sort()).toEqual(['orgName', 'scopes.0']);
  });

  it('Create key - adds a key to an existing org; unknown org is NOT_FOUND', async () => {
    const { org } = await new CreateOrgWithApiKeyUseCase(dataSource).execute({ orgName: 'Two keys' });
    const second = await new CreateApiKeyUseCase(dataSource).execute({ orgId: org.id, name: 'ci' });
    expect(second.orgId).toBe(org.id);
    await expect(new CreateApiKeyUseCase(dataSource).execute({ orgId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'IDENTITY.ORG_NOT_FOUND',
    });
  });

  it('Verify - resolves a valid key, refuses a wrong key with the same prefix, and records last use', async () => {
    const { org, apiKey } = await new CreateOrgWithApiKeyUseCase(dataSource).execute({ orgName: 'Verify' });
    const verify = new VerifyApiKeyUseCase(dataSource, new ApiKeyCache({ ttlMs: 30_000 }));
    expect(await verify.execute(apiKey.key)).toEqual({ keyId: apiKey.id, orgId: org.id, scopes: ['*'] });
    const samePrefix = apiKey.key.slice(0, 16) + 'X'.repeat(16);
    expect(await verify.execute(samePrefix)).toBeUndefined();
    expect(await verify.execute('so_live_short')).toBeUndefined();
    await waitFor(
      async () => (await dataSource.getRepository(ApiKeyEntity).findOneByOrFail({ id: apiKey.id })).lastUsedAt !== null,
    );
  });

  it('Verify - caches verified keys for the TTL; a TTL of 0 always asks Postgres', async () => {
    const { apiKey } = await new CreateOrgWithApiKeyUseCase(dataSource).execute({ orgName: 'Cache' });
    const cached = new VerifyApiKeyUseCase(dataSource, new ApiKeyCache({ ttlMs: 30_000 }));
    const uncached = new VerifyApiKeyUseCase(dataSource, new ApiKeyCache({ ttlMs: 0 }));
    expect(await cached.execute(apiKey.key)).toBeDefined();
    expect(await uncached.execute(apiKey.key)).toBeDefined();
    // Revoked behind the use cases' back (no invalidation): only the cache still honours it.
    await dataSource.getRepository(ApiKeyEntity).update({ id: apiKey.id }, { revokedAt: new Date() });
    expect(await cached.execute(apiKey.key)).toBeDefined();
    expect(await uncached.execute(apiKey.key)).toBeUndefined();
  });

  it('Revoke - takes effect at once here and, through Redis, on another replica', async () => {
    const { org, apiKey } = await new CreateOrgWithApiKeyUseCase(dataSource).execute({ orgName: 'Revoke' });
    const cacheA = new ApiKeyCache({ ttlMs: 60_000 });
    const cacheB = new ApiKeyCache({ ttlMs: 60_000 });
    const busA = new ApiKeyRevocationBus(cacheA, redis('a-pub'));
    const busB = new ApiKeyRevocationBus(cacheB, redis('b-pub'));
    await busA.start(redis('a-sub'));
    await busB.start(redis('b-sub'));
    try {
      const verifyA = new VerifyApiKeyUseCase(dataSource, cacheA);
      const verifyB = new VerifyApiKeyUseCase(dataSource, cacheB);
      expect(await verifyA.execute(apiKey.key)).toBeDefined();
      expect(await verifyB.execute(apiKey.key)).toBeDefined();

      const { org: otherOrg } = await new CreateOrgWithApiKeyUseCase(dataSource).execute({ orgName: 'Other' });
      await expect(new RevokeApiKeyUseCase(dataSource, busA).execute(otherOrg.id, apiKey.id)).rejects.toMatchObject({
        code: 'IDENTITY.API_KEY_NOT_FOUND',
      });
      expect(await verifyA.execute(apiKey.key)).toBeDefined();

      await new RevokeApiKeyUseCase(dataSource, busA).execute(org.id, apiKey.id);
      expect(await verifyA.execute(apiKey.key)).toBeUndefined();
      await waitFor(() => cacheB.size === 0);
      expect(await verifyB.execute(apiKey.key)).toBeUndefined();
      // Revoking again is harmless.
      await new RevokeApiKeyUseCase(dataSource, busA).execute(org.id, apiKey.id);
    } finally {
      await busA.stop();
      await busB.stop();
    }
  });

  it('Bootstrap key - seeds org dev once, also when replicas boot at the same time', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => new EnsureBootstrapApiKeyUseCase(dataSource).execute(BOOTSTRAP_KEY)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.keyId)).size).toBe(1);
    const again = await new EnsureBootstrapApiKeyUseCase(dataSource).execute(BOOTSTRAP_KEY);
    expect(again).toEqual({ ...results[0], created: false });
    expect(await dataSource.getRepository(OrgEntity).countBy({ name: 'dev' })).toBe(1);
    const verified = await new VerifyApiKeyUseCase(dataSource, new ApiKeyCache({ ttlMs: 0 })).execute(BOOTSTRAP_KEY);
    expect(verified).toEqual({ keyId: again.keyId, orgId: again.orgId, scopes: ['*'] });
  });

  it('Bootstrap key - a revoked bootstrap key stays revoked across restarts', async () => {
    const key = 'so_live_Revoked0123456789abcdefghijklmno';
    const seeded = await new EnsureBootstrapApiKeyUseCase(dataSource).execute(key);
    await dataSource.getRepository(ApiKeyEntity).update({ id: seeded.keyId }, { revokedAt: new Date() });
    expect(await new EnsureBootstrapApiKeyUseCase(dataSource).execute(key)).toMatchObject({
      keyId: seeded.keyId,
      created: false,
    });
    expect(await new VerifyApiKeyUseCase(dataSource, new ApiKeyCache({ ttlMs: 0 })).execute(key)).toBeUndefined();
  });
});
