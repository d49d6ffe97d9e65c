import { runMigrationsWithLock, serviceDataSourceOptions } from '@so/shared';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ANALYSIS_ENTITIES, ANALYSIS_MIGRATIONS, ANALYSIS_SCHEMA } from '../analysis-schema.js';
import { AnalysisStatus } from '../analysis-status.js';
import { AnalysisListingRepository, type AnalysisKeysetPosition } from './analysis-listing.repository.js';
import { FindingSearchRepository, type SearchKeysetPosition } from './finding-search.repository.js';

const ORG = 'org-read';
const OTHER_ORG = 'org-other';

interface SeededFinding {
  title: string;
  description?: string;
  recommendation?: string;
  ruleId?: string;
  category?: string;
  cweId?: string;
}

/** Keyset listing and full-text search on the migrated schema of a real Postgres. */
describe('analysis read repositories', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let listing: AnalysisListingRepository;
  let search: FindingSearchRepository;

  async function project(orgId: string, key: string): Promise<string> {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO analysis.projects (id, org_id, key, name) VALUES ($1, $2, $3, $3)`, [id, orgId, key]);
    return id;
  }

  /** `count` analyses created at exactly the same instant: only the id can order them. */
  async function analyses(orgId: string, projectId: string, count: number, status = 'COMPLETED'): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    await dataSource.query(
      `INSERT INTO analysis.analyses (id, org_id, project_id, status, target_url, config, correlation_id, created_at)
       SELECT id, $2, $3, $4::analysis.analysis_status, 'https://api.example.com', '{}'::jsonb, 'test', '2026-11-27T05:00:00.123456Z'
         FROM unnest($1::uuid[]) AS id`,
      [ids, orgId, projectId, status],
    );
    return ids;
  }

  async function findings(orgId: string, analysisId: string, seeded: SeededFinding[]): Promise<string[]> {
    const ids: string[] = [];
    for (const finding of seeded) {
      const id = randomUUID();
      ids.push(id);
      await dataSource.query(
        `INSERT INTO analysis.findings (id, org_id, analysis_id, rule_id, title, category, cwe_id, severity, description, recommendation, location, fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'medium', $8, $9, '{}'::jsonb, $10)`,
        [
          id,
          orgId,
          analysisId,
          finding.ruleId ?? 'spec.misc',
          finding.title,
          finding.category ?? 'API8:2023',
          finding.cweId ?? 'CWE-16',
          finding.description ?? 'Nothing to see.',
          finding.recommendation ?? 'Nothing to do.',
          `fp-${id}`,
        ],
      );
    }
    return ids;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(
      serviceDataSourceOptions({
        url: database.url,
        schema: ANALYSIS_SCHEMA,
        entities: ANALYSIS_ENTITIES,
        migrations: ANALYSIS_MIGRATIONS,
        poolSize: 2,
        applicationName: 'analysis-read-test',
      }),
    ).initialize();
    await runMigrationsWithLock(dataSource, ANALYSIS_SCHEMA);
    listing = new AnalysisListingRepository(dataSource);
    search = new FindingSearchRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('pages through analyses created in the same microsecond without skipping or repeating one', async () => {
    const projectId = await project(ORG, 'same-instant');
    const ids = await analyses(ORG, projectId, 23);
    await analyses(ORG, projectId, 4, 'FAILED');
    const seen: string[] = [];
    let after: AnalysisKeysetPosition | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listing.page({ orgId: ORG, projectId, status: AnalysisStatus.Completed, after, limit: 5 });
      seen.push(...page.map((row) => row.analysis.id));
      if (page.length < 5) break;
      after = page.at(-1)!.position;
      expect(after.createdAt).toBe('2026-11-27T05:00:00.123456Z');
    }
    expect(seen).toHaveLength(23);
    expect([...seen].sort()).toEqual([...ids].sort());
    // Newest first, ties by id descending.
    expect(seen).toEqual([...ids].sort().reverse());
    expect(await listing.count(ORG, projectId, AnalysisStatus.Completed)).toBe(23);
    expect(await listing.count(ORG, projectId, null)).toBe(27);
    expect(await listing.count(OTHER_ORG, projectId, null)).toBe(0);
    expect(await listing.page({ orgId: OTHER_ORG, projectId, status: null, after: null, limit: 5 })).toEqual([]);
  });

  it('ranks a title match above a description match and honours phrases, exclusions and the org', async () => {
    const projectId = await project(ORG, 'search');
    const [analysisId] = await analyses(ORG, projectId, 1);
    const [inTitle, inDescription, unrelated, injection] = await findings(ORG, analysisId!, [
      { title: 'Wildcard CORS origin allowed', ruleId: 'http.cors', cweId: 'CWE-942' },
      { title: 'Header issue', description: 'The server answers any CORS preflight.' },
      { title: 'Missing rate limit', ruleId: 'spec.rate-limit', category: 'API4:2023', cweId: 'CWE-770' },
      { title: 'SQL injection in search parameter', recommendation: 'Use bound parameters.', ruleId: 'http.injection.sql', cweId: 'CWE-89' },
    ]);
    const otherProject = await project(OTHER_ORG, 'search');
    const [otherAnalysis] = await analyses(OTHER_ORG, otherProject, 1);
    await findings(OTHER_ORG, otherAnalysis!, [{ title: 'Wildcard CORS origin allowed', ruleId: 'http.cors' }]);

    const ids = async (text: string) => (await search.search({ orgId: ORG, text, after: null, limit: 10 })).hits.map((hit) => hit.findingId);
    expect(await ids('cors')).toEqual([inTitle, inDescription]);
    expect(await ids('CWE-89')).toEqual([injection]);
    expect(await ids('http.injection.sql')).toEqual([injection]);
    expect(await ids('API4:2023')).toEqual([unrelated]);
    expect(await ids('"bound parameters"')).toEqual([injection]);
    expect(await ids('cors -wildcard')).toEqual([inDescription]);
    expect(await ids('injection or "rate limit"')).toEqual(expect.arrayContaining([injection, unrelated]));
    expect(await ids('nothing-matches-this')).toEqual([]);
    expect(await search.search({ orgId: ORG, text: 'the of and', after: null, limit: 10 })).toEqual({ searchable: false, hits: [] });
  });

  it('pages through equally ranked hits by id without skipping or repeating one', async () => {
    const projectId = await project(ORG, 'ties');
    const [analysisId] = await analyses(ORG, projectId, 1);
    const ids = await findings(ORG, analysisId!, Array.from({ length: 17 }, () => ({ title: 'Verbose stacktrace disclosure' })));
    const seen: string[] = [];
    let after: SearchKeysetPosition | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const { hits } = await search.search({ orgId: ORG, text: 'stacktrace', after, limit: 4 });
      seen.push(...hits.map((hit) => hit.findingId));
      if (hits.length < 4) break;
      after = hits.at(-1)!.position;
    }
    expect(seen).toEqual([...ids].sort());
  });
});
