import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiKeyCache, VerifyApiKeyUseCase } from '@so/gateway-identity';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import type { DataSource } from 'typeorm';
import { AdminUsageError, describeAdminError, openAdminDataSource, runAdminCommand } from './admin-commands.js';

describe('gateway admin commands (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    // A fresh database: opening it runs the migrations, as the first admin command on a new install does.
    dataSource = await openAdminDataSource(database.url);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('creates an org whose key works, issues a second key, and lists both without secrets', async () => {
    const created = (await runAdminCommand(['create-org', 'Acme', 'Security'], dataSource)) as {
      org: { id: string; name: string };
      apiKey: { key: string; scopes: string[] };
    };
    expect(created.org.name).toBe('Acme Security');
    expect(created.apiKey.scopes).toEqual(['*']);
    const verify = new VerifyApiKeyUseCase(dataSource, new ApiKeyCache({ ttlMs: 0 }));
    await expect(verify.execute(created.apiKey.key)).resolves.toMatchObject({ orgId: created.org.id });

    const second = (await runAdminCommand(['create-key', '--org', created.org.id, '--name', 'dashboards', '--scopes', 'analyses:read,realtime:subscribe'], dataSource)) as {
      apiKey: { scopes: string[] };
    };
    expect(second.apiKey.scopes).toEqual(['analyses:read', 'realtime:subscribe']);

    const keys = (await runAdminCommand(['list-keys', '--org', created.org.id], dataSource)) as Array<Record<string, unknown>>;
    expect(keys.map((key) => key.name).sort()).toEqual(['dashboards', 'default']);
    expect(JSON.stringify(keys)).not.toContain(created.apiKey.key);
    expect(keys.every((key) => !('hash' in key))).toBe(true);

    const orgs = (await runAdminCommand(['list-orgs'], dataSource)) as Array<{ id: string; activeKeys: number }>;
    expect(orgs.find((org) => org.id === created.org.id)?.activeKeys).toBe(2);
  });

  it('explains bad input instead of failing with a stack trace', async () => {
    const unknown = await runAdminCommand(['drop-everything'], dataSource).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(AdminUsageError);
    expect(describeAdminError(unknown)).toContain('usage: npm run admin');

    const badScope = await runAdminCommand(['create-org', 'Beta', '--scopes', 'root'], dataSource).catch((error: unknown) => error);
    expect(describeAdminError(badScope)).toContain("unknown scope 'root'");

    const noOrg = await runAdminCommand(['create-key', '--org', '00000000-0000-4000-8000-000000000000'], dataSource).catch((error: unknown) => error);
    expect(describeAdminError(noOrg)).toContain('IDENTITY.ORG_NOT_FOUND');

    const missing = await runAdminCommand(['create-key'], dataSource).catch((error: unknown) => error);
    expect(describeAdminError(missing)).toContain('--org is required');
  });
});
