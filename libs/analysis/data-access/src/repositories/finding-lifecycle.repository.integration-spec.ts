import { runMigrationsWithLock, serviceDataSourceOptions } from '@so/shared';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ANALYSIS_ENTITIES, ANALYSIS_MIGRATIONS, ANALYSIS_SCHEMA } from '../analysis-schema.js';
import { createDomainEvent } from '@so/contracts';
import { AnalysisRepository } from './analysis.repository.js';
import { FindingLifecycleRepository } from './finding-lifecycle.repository.js';
import { FindingRepository, type NewFinding } from './finding.repository.js';

const ORG = 'org-history';

const METRICS = {
  totalFindings: 0,
  bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
  operationsDeclared: 0,
  operationsCovered: 0,
  score: 100,
  durationMs: 3,
  warnings: [],
};

function completedEvent(analysisId: string) {
  return createDomainEvent({
    type: 'analysis.completed',
    orgId: ORG,
    projectId: 'history',
    correlationId: 'c',
    data: { analysisId, status: 'COMPLETED', findingCount: 0, bySeverity: METRICS.bySeverity, score: 100, durationMs: 3 },
  });
}

describe(FindingLifecycleRepository.name, () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let findings: FindingRepository;
  let lifecycle: FindingLifecycleRepository;
  let projectId: string;

  async function analysis(status: 'IN_PROGRESS' | 'COMPLETED' = 'IN_PROGRESS', targetUrl = 'http://api.test'): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO analysis.analyses (id, org_id, project_id, status, target_url, config, progress_percent, correlation_id)
       VALUES ($1, $2, $3, $4, $5, '{}'::jsonb, 0, 'c')`,
      [id, ORG, projectId, status, targetUrl],
    );
    return id;
  }

  function found(analysisId: string, fingerprint: string): NewFinding {
    return {
      orgId: ORG,
      analysisId,
      ruleId: `rule.${fingerprint}`,
      title: `Finding ${fingerprint}`,
      category: 'API8:2023',
      cweId: 'CWE-693',
      severity: 'medium',
      description: 'd',
      recommendation: 'r',
      location: { url: `http://api.test/${fingerprint}` },
      evidence: null,
      fingerprint,
    };
  }

  /** Row versions (xmin): unchanged when a statement left the row alone. */
  async function rows(analysisId: string) {
    return (await dataSource.query(
      `SELECT fingerprint, occurrence, status, status_reason, xmin::text AS version FROM analysis.findings
        WHERE analysis_id = $1 ORDER BY fingerprint`,
      [analysisId],
    )) as Array<{ fingerprint: string; occurrence: string; status: string; status_reason: string | null; version: string }>;
  }

  async function complete(analysisId: string) {
    const comparison = await dataSource.transaction((manager) => lifecycle.compareWithPrevious(manager, analysisId));
    await dataSource.query(`UPDATE analysis.analyses SET status = 'COMPLETED' WHERE id = $1`, [analysisId]);
    return comparison;
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
        applicationName: 'finding-lifecycle-spec',
      }),
    ).initialize();
    await runMigrationsWithLock(dataSource, ANALYSIS_SCHEMA);
    findings = new FindingRepository(dataSource);
    lifecycle = new FindingLifecycleRepository(dataSource);
    projectId = randomUUID();
    await dataSource.query(`INSERT INTO analysis.projects (id, org_id, key, name) VALUES ($1, $2, 'shop', 'shop')`, [
      projectId,
      ORG,
    ]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('stores findings with their history and rewrites none of them at completion when nothing changed', async () => {
    const first = await analysis();
    await findings.upsertMany(dataSource.manager, [found(first, 'a'), found(first, 'b')]);
    expect(await complete(first)).toMatchObject({ previousAnalysisId: null, newCount: 2, fixedCount: 0 });
    const a = (await findings.listForAnalysis(ORG, first)).find((finding) => finding.fingerprint === 'a');
    expect(await findings.setTriage(ORG, a?.id ?? '', { status: 'accepted_risk', reason: 'internal', changedBy: 'k1' })).toBe(true);

    const second = await analysis();
    await findings.upsertMany(dataSource.manager, [found(second, 'a'), found(second, 'c')]);
    const inserted = await rows(second);
    expect(inserted.map(({ version: _v, ...row }) => row)).toEqual([
      { fingerprint: 'a', occurrence: 'recurring', status: 'accepted_risk', status_reason: 'internal' },
      { fingerprint: 'c', occurrence: 'new', status: 'open', status_reason: null },
    ]);
    const comparison = await complete(second);
    expect(comparison).toMatchObject({ previousAnalysisId: first, newCount: 1, remainingCount: 1, fixedCount: 1 });
    expect(comparison?.fixed.map((finding) => finding.fingerprint)).toEqual(['b']);
    expect(await rows(second)).toEqual(inserted);
  });

  it('corrects at completion the findings whose history changed during the run', async () => {
    const before = await analysis('COMPLETED');
    await findings.upsertMany(dataSource.manager, [found(before, 'x')]);
    const running = await analysis();
    await findings.upsertMany(dataSource.manager, [found(running, 'x'), found(running, 'y')]);
    // During the run: x is triaged as a false positive, and an analysis created earlier completes with y.
    const [x] = (await findings.listForAnalysis(ORG, running)).filter((finding) => finding.fingerprint === 'x');
    await dataSource.query(
      `INSERT INTO analysis.finding_triage (project_id, fingerprint, org_id, status, reason, changed_by)
       VALUES ($1, 'x', $2, 'false_positive', 'not reachable', 'k2')`,
      [projectId, ORG],
    );
    const late = randomUUID();
    await dataSource.query(
      `INSERT INTO analysis.analyses (id, org_id, project_id, status, target_url, config, progress_percent, correlation_id, created_at)
       SELECT $1, $2, $3, 'COMPLETED', 'http://api.test', '{}'::jsonb, 100, 'c', created_at - interval '1 millisecond'
         FROM analysis.analyses WHERE id = $4`,
      [late, ORG, projectId, running],
    );
    await findings.upsertMany(dataSource.manager, [found(late, 'y')]);

    const comparison = await complete(running);
    expect(comparison).toMatchObject({ previousAnalysisId: late, newCount: 1, remainingCount: 1 });
    expect((await rows(running)).map(({ version: _v, ...row }) => row)).toEqual([
      { fingerprint: 'x', occurrence: 'new', status: 'false_positive', status_reason: 'not reachable' },
      { fingerprint: 'y', occurrence: 'recurring', status: 'open', status_reason: null },
    ]);
    expect(x?.occurrence).toBe('recurring');
  });

  it('writes nothing for an analysis that is no longer in progress', async () => {
    const cancelled = await analysis();
    await findings.upsertMany(dataSource.manager, [found(cancelled, 'z')]);
    await dataSource.query(`UPDATE analysis.analyses SET status = 'CANCELLED' WHERE id = $1`, [cancelled]);
    expect(await dataSource.transaction((manager) => lifecycle.compareWithPrevious(manager, cancelled))).toBeNull();
    expect(await lifecycle.comparisonOf(ORG, cancelled)).toBeNull();
  });

  it('compares only analyses of the same target', async () => {
    const other = await analysis('IN_PROGRESS', 'http://other.test');
    await findings.upsertMany(dataSource.manager, [found(other, 'a')]);
    expect(await complete(other)).toMatchObject({ previousAnalysisId: null, newCount: 1 });
  });

  it('compares and completes many analyses finishing at once, each with its own comparison and event (grouped statement)', async () => {
    const target = 'http://grouped.test';
    const base = await analysis('IN_PROGRESS', target);
    await findings.upsertMany(dataSource.manager, [found(base, 'g1'), found(base, 'g2')]);
    await complete(base);
    // Two statements run at once at most; the calls beyond them wait and go as one multi-row statement.
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await analysis('IN_PROGRESS', target));
    await dataSource.query(`UPDATE analysis.analyses SET status = 'CANCELLED' WHERE id = $1`, [ids[5]]);
    const analyses = new AnalysisRepository(dataSource);
    const completed = await Promise.all(
      ids.map((id) => analyses.completeWithComparison(id, METRICS, [completedEvent(id)])),
    );
    expect(completed).toEqual([true, true, true, true, true, false]);
    // The previous analysis is the latest one completed before the statement began: the base run,
    // or one of these that an earlier group completed (then nothing is fixed: it found nothing).
    for (const [index, id] of ids.slice(0, 5).entries()) {
      const comparison = await lifecycle.comparisonOf(ORG, id);
      expect([base, ...ids.slice(0, index)]).toContain(comparison?.previousAnalysisId);
      const afterBase = comparison?.previousAnalysisId === base;
      expect(comparison).toMatchObject({ newCount: 0, remainingCount: 0, fixedCount: afterBase ? 2 : 0 });
      expect(comparison?.fixed.map((finding) => finding.fingerprint)).toEqual(afterBase ? ['g1', 'g2'] : []);
    }
    const stored = (await dataSource.query(
      `SELECT a.id, a.status, a.metrics->>'score' AS score,
              (SELECT count(*)::int FROM analysis.outbox_events o WHERE o.payload->'data'->>'analysisId' = a.id::text) AS events
         FROM analysis.analyses a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    )) as Array<{ id: string; status: string; score: string; events: number }>;
    const byId = new Map(stored.map((row) => [row.id, row]));
    expect(ids.map((id) => byId.get(id)?.status)).toEqual([...Array(5).fill('COMPLETED'), 'CANCELLED']);
    expect(ids.map((id) => byId.get(id)?.events)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(byId.get(ids[0] as string)?.score).toBe('100');
    expect(await lifecycle.comparisonOf(ORG, ids[5] as string)).toBeNull();
  });

  it('does not complete an analysis cancelled before its completion, nor record its comparison', async () => {
    const cancelled = await analysis('IN_PROGRESS', 'http://cancelled.test');
    await dataSource.query(`UPDATE analysis.analyses SET status = 'CANCELLED' WHERE id = $1`, [cancelled]);
    const analyses = new AnalysisRepository(dataSource);
    expect(await analyses.completeWithComparison(cancelled, METRICS, [completedEvent(cancelled)])).toBe(false);
    expect(await lifecycle.comparisonOf(ORG, cancelled)).toBeNull();
  });
});
