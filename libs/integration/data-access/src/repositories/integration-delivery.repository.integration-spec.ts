import { runMigrationsWithLock } from '@so/shared';
import { createTestDatabase, type TestDatabase } from '@so/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { integrationDataSourceOptions } from '../integration-data-source.js';
import { INTEGRATION_SCHEMA } from '../integration.constants.js';
import { IntegrationDeliveryRepository, type CompletedAnalysisInput } from './integration-delivery.repository.js';
import { IntegrationEventRepository, type RecordableEvent } from './integration-event.repository.js';

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

  it('gives each analysis of a large batch the integrations of its own org and project only, then only those still pending', async () => {
    const repository = new IntegrationDeliveryRepository(dataSource);
    const types = ['generic_http', 'slack', 'github', 'jira'] as const;
    // Six orgs with five projects each; a project has none, one or two integrations, some of a type not asked for.
    const integrationsOf = new Map<string, string[]>();
    for (let org = 0; org < 6; org++) {
      for (let project = 0; project < 5; project++) {
        const key = `org-batch-${org}/p-${project}`;
        integrationsOf.set(key, []);
        for (let n = 0; n < (org + project) % 3; n++) {
          const type = (org + n) % 5 === 4 ? 'spec_source' : types[(project + n) % types.length]!;
          const id = await integration(`org-batch-${org}`, `p-${project}`, type);
          if (type !== 'spec_source') integrationsOf.get(key)!.push(id);
        }
      }
    }
    // Every org and every project is in the batch, but not every pair of them:
    // the pairs left out have integrations that no analysis of the batch may get.
    const inBatch = [...integrationsOf.keys()].filter((_, n) => n % 4 !== 1);
    const leftOut = [...integrationsOf.keys()].filter((key) => !inBatch.includes(key));
    expect(leftOut.some((key) => integrationsOf.get(key)!.length > 0)).toBe(true);
    const analyses = Array.from({ length: 150 }, (_, n) => {
      const [orgId, projectId] = inBatch[n % inBatch.length]!.split('/') as [string, string];
      return completed(orgId, projectId);
    });
    // A completion delivered twice within the batch: both positions are answered.
    analyses.push(
      analyses.find((analysis) => integrationsOf.get(`${analysis.orgId}/${analysis.projectId}`)!.length === 2)!,
    );
    const expected = analyses.map((analysis) =>
      [...integrationsOf.get(`${analysis.orgId}/${analysis.projectId}`)!].sort(),
    );
    expect(expected.some((ids) => ids.length === 0) && expected.some((ids) => ids.length === 2)).toBe(true);

    const first = await repository.ensurePendingForAnalyses(analyses, types);
    expect(first.map((pending) => pending.map((p) => p.integrationId).sort())).toEqual(expected);

    // Finished deliveries are no longer answered; the others come back as they were.
    const finished = first
      .flat()
      .filter((_, n) => n % 2 === 0)
      .map((p) => p.deliveryId);
    await dataSource.query(
      `UPDATE "integration"."integration_deliveries" SET "status" = 'DELIVERED' WHERE "id" = ANY($1::uuid[])`,
      [finished],
    );
    const again = await repository.ensurePendingForAnalyses(analyses, types);
    expect(again.map((pending) => pending.map((p) => p.deliveryId).sort())).toEqual(
      first.map((pending) =>
        pending
          .map((p) => p.deliveryId)
          .filter((id) => !finished.includes(id))
          .sort(),
      ),
    );
  });

  const completion = (orgId: string, projectId: string, id = randomUUID()): RecordableEvent => ({
    id,
    type: 'analysis.completed',
    occurredAt: '2026-11-27T08:00:00.000Z',
    orgId,
    projectId,
    schemaVersion: 1,
    correlationId: 'c',
    data: {
      analysisId: randomUUID(),
      status: 'COMPLETED',
      findingCount: 0,
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      score: 97.5,
      durationMs: 3,
    },
  });
  const finding = (
    orgId: string,
    analysisId: string,
    title: string,
    occurredAt = '2026-11-27T09:00:00.000Z',
  ): RecordableEvent => ({
    id: randomUUID(),
    type: 'finding.detected',
    occurredAt,
    orgId,
    projectId: 'shop',
    schemaVersion: 1,
    correlationId: 'c',
    data: {
      analysisId,
      findingId: `id-${title}`,
      ruleId: 'API1-BOLA',
      title,
      severity: 'high',
      owaspCategory: 'API1:2023',
      cweId: 'CWE-639',
      location: 'GET /x',
      fingerprint: `fp-${title}`,
    },
  });

  it('records events recorded together in one statement, each once: a repeat in the same batch or later is a duplicate', async () => {
    const repository = new IntegrationEventRepository(dataSource);
    const [a, b] = [completion('org-a', 'shop'), completion('org-a', 'shop')];
    // Added in one turn: one batch.
    const outcomes = await Promise.all([repository.recordOnce(a), repository.recordOnce(b), repository.recordOnce(a)]);
    expect(outcomes.map((outcome) => outcome.inserted)).toEqual([true, true, false]);
    expect((await repository.recordOnce(b)).inserted).toBe(false);
    const stored = (await dataSource.query(
      `SELECT "event_type", "analysis_id", "analysis_status", "finding_count", "score", "finding_id", "payload", "occurred_at"
         FROM "integration"."integration_events" WHERE "event_id" = $1`,
      [a.id],
    )) as Array<Record<string, unknown>>;
    expect(stored).toEqual([
      {
        event_type: 'analysis.completed',
        analysis_id: a.data.analysisId,
        analysis_status: 'COMPLETED',
        finding_count: 0,
        score: 97.5,
        finding_id: null,
        payload: a.data,
        occurred_at: new Date('2026-11-27T08:00:00.000Z'),
      },
    ]);
  });

  it('records a finding with its finding columns read from the event and its data kept whole', async () => {
    const repository = new IntegrationEventRepository(dataSource);
    const event = finding('org-columns', randomUUID(), 'bola', '2026-11-27T10:00:00.123+02:00');
    expect(await repository.recordOnce(event)).toEqual({ inserted: true, projectHasIntegrations: false });
    const [row] = await repository.findForAnalysis(
      'org-columns',
      event.type === 'finding.detected' ? event.data.analysisId : '',
    );
    expect(row).toMatchObject({
      orgId: 'org-columns',
      eventId: event.id,
      eventType: 'finding.detected',
      projectId: 'shop',
      findingId: 'id-bola',
      findingFingerprint: 'fp-bola',
      findingSeverity: 'high',
      findingTitle: 'bola',
      findingRuleId: 'API1-BOLA',
      owaspCategory: 'API1:2023',
      analysisStatus: null,
      findingCount: null,
      score: null,
      payload: event.data,
      correlationId: 'c',
      occurredAt: new Date('2026-11-27T08:00:00.123Z'),
    });
  });

  it('tells, per completion, whether its project has an integration as committed when it is recorded, redeliveries included', async () => {
    const repository = new IntegrationEventRepository(dataSource);
    const early = completion('org-late', 'shop');
    expect(await repository.recordOnce(early)).toEqual({ inserted: true, projectHasIntegrations: false });

    await integration('org-late', 'shop', 'generic_http');
    const [later, otherProject, otherOrg, findingAfter] = await Promise.all([
      repository.recordOnce(completion('org-late', 'shop')),
      repository.recordOnce(completion('org-late', 'billing')),
      repository.recordOnce(completion('org-other', 'shop')),
      repository.recordOnce(finding('org-late', randomUUID(), 'after')),
    ]);
    expect(later).toEqual({ inserted: true, projectHasIntegrations: true });
    expect(otherProject).toEqual({ inserted: true, projectHasIntegrations: false });
    expect(otherOrg).toEqual({ inserted: true, projectHasIntegrations: false });
    // Only completions schedule pushes: a finding is not asked about.
    expect(findingAfter).toEqual({ inserted: true, projectHasIntegrations: false });
    // A redelivered completion sees the integration now, so work it was owed is scheduled, as before.
    expect(await repository.recordOnce(early)).toEqual({ inserted: false, projectHasIntegrations: true });
  });

  it('lists events of one millisecond in the order they were recorded, also within one batch', async () => {
    const repository = new IntegrationEventRepository(dataSource);
    const analysisId = randomUUID();
    const events = Array.from({ length: 30 }, (_, index) =>
      index === 29
        ? {
            ...completion('org-order', 'shop'),
            occurredAt: '2026-11-27T09:00:00.000Z',
            data: { ...completion('o', 'p').data, analysisId },
          }
        : finding('org-order', analysisId, `f${index}`),
    ) as RecordableEvent[];
    await Promise.all(events.slice(0, 20).map((event) => repository.recordOnce(event)));
    await Promise.all(events.slice(20).map((event) => repository.recordOnce(event)));
    expect((await repository.findForAnalysis('org-order', analysisId)).map((event) => event.eventId)).toEqual(
      events.map((event) => event.id),
    );
  });
});
