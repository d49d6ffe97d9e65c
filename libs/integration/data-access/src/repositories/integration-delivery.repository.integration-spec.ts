import { runMigrationsWithLock } from '@so/shared';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { integrationDataSourceOptions } from '../integration-data-source.js';
import { INTEGRATION_SCHEMA } from '../integration.constants.js';
import { IntegrationDeliveryRepository, type CompletedAnalysisInput } from './integration-delivery.repository.js';
import { IntegrationEventRepository } from './integration-event.repository.js';

describe('integration deliveries and event records (real Postgres, batched statements)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource(integrationDataSourceOptions(database.url));
    await dataSource.initialize();
    await runMigrationsWithLock(dataSource, INTEGRATION_SCHEMA);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function integration(orgId: string, projectId: string, type: string): Promise<string> {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO "integration"."integrations" ("id", "org_id", "project_id", "name", "type") VALUES ($1, $2, $3, $4, $5)`,
      [id, orgId, projectId, `${type}-${id}`, type],
    );
    return id;
  }

  const completed = (orgId: string, projectId: string): CompletedAnalysisInput => ({
    orgId,
    projectId,
    analysisId: randomUUID(),
    triggerEventId: randomUUID(),
    correlationId: `c-${projectId}`,
  });

  it('creates one delivery per integration of each analysis in one call, answers them per analysis, and never twice', async () => {
    const repository = new IntegrationDeliveryRepository(dataSource);
    const http = await integration('org-a', 'shop', 'generic_http');
    const chat = await integration('org-a', 'shop', 'slack');
    await integration('org-a', 'shop', 'jira');
    await integration('org-b', 'shop', 'generic_http'); // same project key, another org
    const analyses = [completed('org-a', 'shop'), completed('org-a', 'billing'), completed('org-a', 'shop')];

    const first = await repository.ensurePendingForAnalyses(analyses, ['generic_http', 'slack']);
    expect(first.map((pending) => pending.map((p) => p.integrationId).sort())).toEqual([
      [http, chat].sort(),
      [],
      [http, chat].sort(),
    ]);
    expect(first[0]?.[0]?.correlationId).toBe('c-shop');

    // Again (a redelivered completion): the same PENDING rows, no new ones.
    const again = await repository.ensurePendingForAnalyses(analyses, ['generic_http', 'slack']);
    expect(again.map((pending) => pending.map((p) => p.deliveryId).sort())).toEqual(
      first.map((pending) => pending.map((p) => p.deliveryId).sort()),
    );
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM "integration"."integration_deliveries"`,
    )) as [{ count: number }];
    expect(count).toBe(4);
  });

  it('records events recorded together in one statement, each once: a repeat in the same batch or later is a duplicate', async () => {
    const repository = new IntegrationEventRepository(dataSource);
    const row = (eventId: string) => ({
      orgId: 'org-a',
      eventId,
      eventType: 'analysis.completed',
      projectId: 'shop',
      analysisId: randomUUID(),
      findingId: null,
      findingFingerprint: null,
      findingSeverity: null,
      findingTitle: null,
      findingRuleId: null,
      owaspCategory: null,
      analysisStatus: 'COMPLETED',
      findingCount: 0,
      score: 97.5,
      payload: { status: 'COMPLETED' },
      correlationId: 'c',
      occurredAt: new Date('2026-11-27T08:00:00.000Z'),
    });
    const [a, b] = [randomUUID(), randomUUID()];
    // Added in one turn: one batch.
    const outcomes = await Promise.all([
      repository.recordOnce(row(a)),
      repository.recordOnce(row(b)),
      repository.recordOnce(row(a)),
    ]);
    expect(outcomes).toEqual([true, true, false]);
    expect(await repository.recordOnce(row(b))).toBe(false);
    const stored = (await dataSource.query(
      `SELECT "score", "payload", "occurred_at" FROM "integration"."integration_events" WHERE "event_id" = $1`,
      [a],
    )) as Array<{ score: number; payload: object; occurred_at: Date }>;
    expect(stored).toEqual([
      { score: 97.5, payload: { status: 'COMPLETED' }, occurred_at: new Date('2026-11-27T08:00:00.000Z') },
    ]);
  });

  it('lists events of one millisecond in the order they were recorded, also within one batch', async () => {
    const repository = new IntegrationEventRepository(dataSource);
    const analysisId = randomUUID();
    const ids = Array.from({ length: 30 }, () => randomUUID());
    const at = new Date('2026-11-27T09:00:00.000Z');
    const rows = ids.map((eventId, index) => ({
      orgId: 'org-order',
      eventId,
      eventType: index === ids.length - 1 ? 'analysis.completed' : 'finding.detected',
      projectId: 'shop',
      analysisId,
      findingId: null,
      findingFingerprint: null,
      findingSeverity: null,
      findingTitle: `f${index}`,
      findingRuleId: null,
      owaspCategory: null,
      analysisStatus: null,
      findingCount: null,
      score: null,
      payload: {},
      correlationId: 'c',
      occurredAt: at,
    }));
    await Promise.all(rows.slice(0, 20).map((row) => repository.recordOnce(row)));
    await Promise.all(rows.slice(20).map((row) => repository.recordOnce(row)));
    expect((await repository.findForAnalysis('org-order', analysisId)).map((event) => event.eventId)).toEqual(ids);
  });
});
