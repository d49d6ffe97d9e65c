import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ANALYSIS_ENTITIES, ANALYSIS_MIGRATIONS, ANALYSIS_SCHEMA, AnalysisCatalogRepository } from '@so/analysis-data-access';
import { runMigrationsWithLock, serviceDataSourceOptions, type CallerIdentity } from '@so/shared';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ListAnalysesService } from './list-analyses.service.js';

const ORG: CallerIdentity = { orgId: 'org-list', principalId: 'key-1', scopes: ['*'] };
const OTHER: CallerIdentity = { orgId: 'org-else', principalId: 'key-2', scopes: ['*'] };

/** The org-wide analysis list on the migrated schema of a real Postgres. */
describe('ListAnalysesService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: ListAnalysesService;
  const created = new Map<string, { project: string; status: string; createdAt: string }>();

  async function project(orgId: string, key: string): Promise<string> {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO analysis.projects (id, org_id, key, name) VALUES ($1, $2, $3, $3)`, [id, orgId, key]);
    return id;
  }

  async function analysis(orgId: string, projectId: string, projectKey: string, status: string, createdAt: string, spec: string | null = null): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO analysis.analyses (id, org_id, project_id, status, target_url, spec_text, config, correlation_id, created_at)
       VALUES ($1, $2, $3, $4::analysis.analysis_status, 'https://api.example.com', $5, '{}'::jsonb, 'test', $6)`,
      [id, orgId, projectId, status, spec, createdAt],
    );
    if (orgId === ORG.orgId) created.set(id, { project: projectKey, status, createdAt });
    return id;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      serviceDataSourceOptions({ url: database.url, schema: ANALYSIS_SCHEMA, entities: ANALYSIS_ENTITIES, migrations: ANALYSIS_MIGRATIONS, poolSize: 2, applicationName: 'so-analysis-list-test' }),
    ).initialize();
    await runMigrationsWithLock(dataSource, ANALYSIS_SCHEMA);
    service = new ListAnalysesService(new AnalysisCatalogRepository(dataSource));
    const shop = await project(ORG.orgId, 'shop');
    const billing = await project(ORG.orgId, 'billing');
    const foreign = await project(OTHER.orgId, 'shop');
    const statuses = ['COMPLETED', 'FAILED', 'PENDING', 'COMPLETED', 'CANCELLED'];
    for (let day = 1; day <= 25; day++) {
      const at = `2026-11-${String(day).padStart(2, '0')}T10:00:00.000000Z`;
      await analysis(ORG.orgId, day % 2 ? shop : billing, day % 2 ? 'shop' : 'billing', statuses[day % 5] ?? 'COMPLETED', at, day === 3 ? 'x'.repeat(100_000) : null);
    }
    // Three created in the same microsecond: only the id orders them, and a page boundary must not skip one.
    for (let i = 0; i < 3; i++) await analysis(ORG.orgId, shop, 'shop', 'COMPLETED', '2026-11-26T00:00:00.000000Z');
    await analysis(OTHER.orgId, foreign, 'shop', 'COMPLETED', '2026-11-20T10:00:00.000000Z');
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function all(identity: CallerIdentity, query: Parameters<ListAnalysesService['execute']>[1]) {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await service.execute(identity, { ...query, cursor });
      ids.push(...page.items.map((item) => item.id));
      if (!page.nextCursor) return { ids, pages: pages + 1 };
      cursor = page.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('pages every analysis of the org exactly once, newest first, without another org', async () => {
    const { ids, pages } = await all(ORG, { limit: 4 });
    expect(pages).toBe(7);
    expect(ids).toHaveLength(created.size);
    expect(new Set(ids).size).toBe(ids.length);
    const times = ids.map((id) => created.get(id)?.createdAt ?? 'other org');
    expect(times).toEqual([...times].sort().reverse());
  });

  it('filters by project, statuses and a time window, oldest first', async () => {
    const { ids } = await all(ORG, { projectId: 'shop', statuses: ['COMPLETED', 'FAILED'], createdFrom: '2026-11-05', createdTo: '2026-11-20T00:00:00Z', oldestFirst: true, limit: 2 });
    const expected = [...created.entries()]
      .filter(([, a]) => a.project === 'shop' && ['COMPLETED', 'FAILED'].includes(a.status) && a.createdAt >= '2026-11-05' && a.createdAt < '2026-11-20')
      .sort(([, a], [, b]) => a.createdAt.localeCompare(b.createdAt))
      .map(([id]) => id);
    expect(expected.length).toBeGreaterThan(1);
    expect(ids).toEqual(expected);
  });

  it('lists a summary: findings are not loaded and the spec text is not read', async () => {
    const page = await service.execute(ORG, { createdFrom: '2026-11-03', createdTo: '2026-11-04', limit: 5 });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ hasSpec: true, projectKey: 'shop' });
    expect(page.items[0]).not.toHaveProperty('findings');
  });

  it('refuses bad filters and forged or mismatched cursors as INVALID_ARGUMENT', async () => {
    await expect(service.execute(ORG, { statuses: ['DONE'] })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(service.execute(ORG, { createdFrom: 'yesterday' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(service.execute(ORG, { createdFrom: '2026-11-10', createdTo: '2026-11-01' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(service.execute(ORG, { limit: 101 })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    await expect(service.execute(ORG, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
    const newest = await service.execute(ORG, { limit: 1 });
    // A newest-first cursor means nothing in oldest-first order.
    await expect(service.execute(ORG, { limit: 1, oldestFirst: true, cursor: newest.nextCursor ?? '' })).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
  });

  it('an unknown project lists nothing', async () => {
    await expect(service.execute(ORG, { projectId: 'nope' })).resolves.toEqual({ items: [], nextCursor: null });
  });
});
