import { Injectable } from '@nestjs/common';
import { MicroBatcher, PER_REQUEST_BATCHING, preparedQuery } from '@so/shared';
import type { AnyDomainEvent } from '@so/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnalysisConfigRecord, AnalysisMetricsRecord } from '../analysis-record.types.js';
import type { AnalysisStatus } from '../analysis-status.js';
import type { AnalysisEntity } from '../entities/analysis.entity.js';
import { analysisColumns, toAnalysisEntity, type AnalysisRow } from './analysis-row.js';
import { comparisonCtes, COMPARISON_INSERT } from './finding-comparison.sql.js';
import { outboxInsertPerRowSql, outboxInsertSql, outboxParam } from './outbox-sql.js';

/** An analysis with the key of its project (the id the outside world knows the project by). */
export interface AnalysisWithProject {
  analysis: AnalysisEntity;
  projectKey: string;
}

export interface PendingAnalysisRef {
  id: string;
  orgId: string;
  projectKey: string;
  correlationId: string;
}

export interface NewAnalysis {
  id: string;
  orgId: string;
  projectKey: string;
  projectName: string;
  targetUrl: string | null;
  specText: string | null;
  config: AnalysisConfigRecord;
  idempotencyKey: string | null;
  correlationId: string;
}

type Row = AnalysisRow & { project_key: string };

const A = `"analysis"."analyses"`;
const P = `"analysis"."projects"`;
const ACTIVE = `('PENDING', 'IN_PROGRESS')`;

/** The input CTE of a batched statement: `$1` is a jsonb array of request rows. */
function batchInput(columns: string): string {
  return `input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(${columns}))`;
}

/**
 * `a."id" = ANY(...)` beside each join of the input on the analyses' id. The planner takes a
 * `jsonb_to_recordset` for 100 rows whatever it holds; with the table's statistics counting few
 * active analyses it then preferred hashing the input and scanning the whole table (8.8 ms and 437
 * buffers for a claim of one analysis among 6000, growing with the table) over one index lookup per
 * row. An id list is looked up by the primary key whatever the estimates (0.4 ms, 38 buffers).
 */
const BY_INPUT_IDS = `a."id" = ANY(ARRAY(SELECT "id" FROM input))`;

/** One row per call, numbered so the statement keeps the order the calls were made in. */
function batchParam<T>(rows: T[]): string {
  return JSON.stringify(rows.map((row, n) => ({ ...row, n })));
}

interface PendingInsert {
  input: NewAnalysis;
  projectId: string;
  events: readonly AnyDomainEvent[];
}

interface ClaimRequest {
  orgId: string;
  id: string;
  events: readonly AnyDomainEvent[];
}

interface ProgressWrite {
  id: string;
  percent: number;
  stage: string;
  events: readonly AnyDomainEvent[];
}

interface CompletionWrite {
  id: string;
  metrics: AnalysisMetricsRecord;
  events: readonly AnyDomainEvent[];
}

/**
 * Hot paths (start, claim, progress, finish) are single statements: the state change and its
 * outbox events commit together in one round trip. Concurrent calls of one hot path are also
 * grouped into one multi-row statement (`MicroBatcher`), so under load the round trips per
 * analysis fall well below one per call. Every lookup takes the org id: tenancy is enforced here,
 * not left to callers.
 */
@Injectable()
export class AnalysisRepository {
  private readonly pendingInserts = new MicroBatcher({ run: (batch: PendingInsert[]) => this.insertPending(batch), ...PER_REQUEST_BATCHING });
  private readonly claims = new MicroBatcher({ run: (batch: ClaimRequest[]) => this.claimMany(batch), ...PER_REQUEST_BATCHING });
  private readonly progressWrites = new MicroBatcher({ run: (batch: ProgressWrite[]) => this.writeProgress(batch), ...PER_REQUEST_BATCHING });
  private readonly completions = new MicroBatcher({ run: (batch: CompletionWrite[]) => this.completeMany(batch), ...PER_REQUEST_BATCHING });

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a PENDING analysis (creating its project on first use) with `events`. Returns null when
   * a concurrent start created the same new project at this moment; calling again then succeeds.
   */
  createPending(
    input: NewAnalysis,
    projectId: string,
    events: readonly AnyDomainEvent[],
  ): Promise<AnalysisWithProject | null> {
    return this.pendingInserts.add({ input, projectId, events });
  }

  private async insertPending(batch: PendingInsert[]): Promise<Array<AnalysisWithProject | null>> {
    const rows = await this.preparedRows(
      'analysis_insert_pending',
      `WITH ${batchInput(`"id" uuid, "org_id" text, "project_key" text, "project_id" uuid, "project_name" text,
                           "target_url" text, "spec_text" text, "config" jsonb, "idempotency_key" text,
                           "correlation_id" text, "events" jsonb, "n" int`)},
       keys AS (
         SELECT DISTINCT ON ("org_id", "project_key") "org_id", "project_key", "project_id", "project_name"
           FROM input ORDER BY "org_id", "project_key", "n"
       ), existing AS (
         SELECT p."id", p."org_id", p."key" FROM ${P} p JOIN keys k ON p."org_id" = k."org_id" AND p."key" = k."project_key"
       ), created AS (
         INSERT INTO ${P} ("id", "org_id", "key", "name")
         SELECT k."project_id", k."org_id", k."project_key", k."project_name" FROM keys k
          WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE e."org_id" = k."org_id" AND e."key" = k."project_key")
          ORDER BY k."org_id", k."project_key"
         ON CONFLICT ("org_id", "key") DO NOTHING
         RETURNING "id", "org_id", "key"
       ), project AS (
         SELECT * FROM existing UNION ALL SELECT * FROM created
       ), inserted AS (
         INSERT INTO ${A} ("id", "org_id", "project_id", "status", "target_url", "spec_text", "config",
                           "idempotency_key", "progress_percent", "stage", "correlation_id")
         SELECT i."id", i."org_id", project."id", 'PENDING'::"analysis"."analysis_status", i."target_url", i."spec_text",
                i."config", i."idempotency_key", 0, 'queued', i."correlation_id"
           FROM input i JOIN project ON project."org_id" = i."org_id" AND project."key" = i."project_key"
          ORDER BY i."n"
         RETURNING *
       ), events AS (
         ${outboxInsertPerRowSql('input', 'inserted')}
       )
       SELECT ${analysisColumns('inserted')}, project."key" AS "project_key"
         FROM inserted JOIN project ON project."id" = inserted."project_id"`,
      [
        batchParam(
          batch.map(({ input, projectId, events }) => ({
            id: input.id,
            org_id: input.orgId,
            project_key: input.projectKey,
            project_id: projectId,
            project_name: input.projectName,
            target_url: input.targetUrl,
            spec_text: input.specText,
            config: input.config,
            idempotency_key: input.idempotencyKey,
            correlation_id: input.correlationId,
            events,
          })),
        ),
      ],
    );
    const byId = new Map(rows.map((row) => [row.analysis.id, row]));
    return batch.map(({ input }) => byId.get(input.id) ?? null);
  }

  async findByIdempotencyKey(orgId: string, key: string): Promise<AnalysisWithProject | null> {
    const rows = await this.rows(
      this.dataSource.manager,
      `SELECT ${analysisColumns('a')}, p."key" AS "project_key" FROM ${A} a JOIN ${P} p ON p."id" = a."project_id"
        WHERE a."org_id" = $1 AND a."idempotency_key" = $2`,
      [orgId, key],
    );
    return rows[0] ?? null;
  }

  async findWithProject(
    orgId: string,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AnalysisWithProject | null> {
    const rows = await this.rows(
      manager,
      `SELECT ${analysisColumns('a')}, p."key" AS "project_key" FROM ${A} a JOIN ${P} p ON p."id" = a."project_id"
        WHERE a."id" = $1 AND a."org_id" = $2`,
      [id, orgId],
    );
    return rows[0] ?? null;
  }

  /** Locks the analysis row until the caller's transaction ends, so status changes cannot interleave. */
  async lockForUpdate(manager: EntityManager, orgId: string, id: string): Promise<AnalysisWithProject | null> {
    const rows = await this.rows(
      manager,
      `SELECT ${analysisColumns('a')}, p."key" AS "project_key" FROM ${A} a JOIN ${P} p ON p."id" = a."project_id"
        WHERE a."id" = $1 AND a."org_id" = $2 FOR UPDATE OF a`,
      [id, orgId],
    );
    return rows[0] ?? null;
  }

  /**
   * Moves a PENDING analysis (or an IN_PROGRESS one whose previous worker died) to IN_PROGRESS with
   * `events`. Null when the analysis is already terminal, e.g. cancelled before the job ran.
   */
  claim(orgId: string, id: string, events: readonly AnyDomainEvent[]): Promise<AnalysisWithProject | null> {
    return this.claims.add({ orgId, id, events });
  }

  private async claimMany(batch: ClaimRequest[]): Promise<Array<AnalysisWithProject | null>> {
    const rows = await this.preparedRows(
      'analysis_claim',
      `WITH ${batchInput(`"id" uuid, "org_id" text, "events" jsonb, "n" int`)},
       claimed AS (
         UPDATE ${A} a SET "status" = 'IN_PROGRESS', "stage" = 'starting', "started_at" = COALESCE(a."started_at", now())
           FROM input i
          WHERE ${BY_INPUT_IDS} AND a."id" = i."id" AND a."org_id" = i."org_id" AND a."status" IN ${ACTIVE}
         RETURNING a.*
       ), events AS (
         ${outboxInsertPerRowSql('input', 'claimed')}
       )
       SELECT ${analysisColumns('claimed')}, p."key" AS "project_key" FROM claimed JOIN ${P} p ON p."id" = claimed."project_id"`,
      [batchParam(batch.map(({ orgId, id, events }) => ({ id, org_id: orgId, events })))],
    );
    const byId = new Map(rows.map((row) => [row.analysis.id, row]));
    return batch.map(({ id }) => byId.get(id) ?? null);
  }

  /**
   * Locks the row if the analysis is IN_PROGRESS. A worker's multi-statement writes take this lock
   * first, so they serialise with a concurrent cancel and never land after the analysis left IN_PROGRESS.
   */
  async lockIfInProgress(manager: EntityManager, id: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT "id" FROM ${A} WHERE "id" = $1 AND "status" = 'IN_PROGRESS' FOR UPDATE`, [
      id,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** The current status, or null for an unknown id. */
  async statusOf(id: string): Promise<AnalysisStatus | null> {
    const rows = (await this.dataSource.query(`SELECT "status" FROM ${A} WHERE "id" = $1`, [id])) as Array<{
      status: AnalysisStatus;
    }>;
    return rows[0]?.status ?? null;
  }

  /** False when the analysis is no longer IN_PROGRESS (cancelled meanwhile); nothing is written then. */
  updateProgress(id: string, percent: number, stage: string, events: readonly AnyDomainEvent[]): Promise<boolean> {
    return this.progressWrites.add({ id, percent, stage, events });
  }

  /** COMPLETED with `metrics` and `events` in the caller's transaction; false when no longer IN_PROGRESS. */
  markCompleted(
    manager: EntityManager,
    id: string,
    metrics: AnalysisMetricsRecord,
    events: readonly AnyDomainEvent[],
  ): Promise<boolean> {
    return this.transition(
      manager,
      `"status" = 'COMPLETED', "progress_percent" = 100, "stage" = 'done', "metrics" = $2::jsonb, "completed_at" = now()`,
      `= 'IN_PROGRESS'`,
      [id, JSON.stringify(metrics)],
      events,
    );
  }

  /**
   * The completion of a run that stored no findings at the end (the common case): records its
   * comparison with the previous analysis (`FindingLifecycleRepository.compareWithPrevious`) and
   * marks it COMPLETED with `metrics` and `events`, all in one statement, so neither can land
   * without the other. False, and nothing written, when the analysis is no longer IN_PROGRESS.
   * Concurrent completions share one statement.
   */
  completeWithComparison(id: string, metrics: AnalysisMetricsRecord, events: readonly AnyDomainEvent[]): Promise<boolean> {
    return this.completions.add({ id, metrics, events });
  }

  private writeProgress(batch: ProgressWrite[]): Promise<boolean[]> {
    return this.transitionMany(
      'analysis_progress',
      `"percent" int, "stage" text`,
      `"progress_percent" = i."percent", "stage" = i."stage"`,
      batch.map(({ id, percent, stage, events }) => ({ id, percent, stage, events })),
    );
  }

  /**
   * The comparison CTEs see the rows as they were when the statement began, like the UPDATE; the
   * UPDATE completes only analyses that were compared (IN_PROGRESS then) and still are IN_PROGRESS
   * once it holds their row lock (a cancel that committed meanwhile wins). A cancelled one may keep
   * its comparison row, as when the two were separate statements; nothing reads it for a
   * cancelled analysis.
   */
  private async completeMany(batch: CompletionWrite[]): Promise<boolean[]> {
    const rows = await preparedQuery<{ id: string }>(
      this.dataSource,
      'analysis_complete_with_comparison',
      `WITH ${batchInput(`"id" uuid, "events" jsonb, "n" int, "metrics" jsonb`)},
       ${comparisonCtes(`ARRAY(SELECT "id" FROM input)`)},
       compared AS (${COMPARISON_INSERT}),
       changed AS (
         UPDATE ${A} a SET "status" = 'COMPLETED', "progress_percent" = 100, "stage" = 'done', "metrics" = i."metrics",
                "completed_at" = now()
           FROM input i
          WHERE ${BY_INPUT_IDS} AND a."id" = i."id" AND a."status" = 'IN_PROGRESS' AND a."id" IN (SELECT "analysis_id" FROM compared)
         RETURNING a."id"
       ), events AS (
         ${outboxInsertPerRowSql('input', 'changed')}
       )
       SELECT "id" FROM changed`,
      [batchParam(batch)],
    );
    const changed = new Set(rows.map((row) => row.id));
    return batch.map(({ id }) => changed.has(id));
  }

  /**
   * Multi-row `transition` for rows that must be IN_PROGRESS: `columns` are the per-row values
   * (besides id, events, n) that `set` reads from the input row `i`. One boolean per row, in order.
   */
  private async transitionMany(
    name: string,
    columns: string,
    set: string,
    batch: Array<{ id: string; events: readonly AnyDomainEvent[] }>,
  ): Promise<boolean[]> {
    const rows = await preparedQuery<{ id: string }>(
      this.dataSource,
      name,
      `WITH ${batchInput(`"id" uuid, "events" jsonb, "n" int, ${columns}`)},
       changed AS (
         UPDATE ${A} a SET ${set} FROM input i WHERE ${BY_INPUT_IDS} AND a."id" = i."id" AND a."status" = 'IN_PROGRESS' RETURNING a."id"
       ), events AS (
         ${outboxInsertPerRowSql('input', 'changed')}
       )
       SELECT "id" FROM changed`,
      [batchParam(batch)],
    );
    const changed = new Set(rows.map((row) => row.id));
    return batch.map(({ id }) => changed.has(id));
  }

  markFailed(
    manager: EntityManager,
    id: string,
    errorMessage: string,
    events: readonly AnyDomainEvent[],
  ): Promise<boolean> {
    return this.transition(
      manager,
      `"status" = 'FAILED', "error_message" = $2, "completed_at" = now()`,
      `IN ${ACTIVE}`,
      [id, errorMessage],
      events,
    );
  }

  markCancelled(manager: EntityManager, id: string, events: readonly AnyDomainEvent[]): Promise<boolean> {
    return this.transition(manager, `"status" = 'CANCELLED', "completed_at" = now()`, `IN ${ACTIVE}`, [id], events);
  }

  /** Analyses still PENDING after `olderThan`: their job may have been lost (Redis down at start). */
  async findPendingCreatedBefore(olderThan: Date, limit: number): Promise<PendingAnalysisRef[]> {
    const rows = (await this.dataSource.query(
      `SELECT a."id", a."org_id", p."key" AS "project_key", a."correlation_id"
         FROM ${A} a JOIN ${P} p ON p."id" = a."project_id"
        WHERE a."status" = 'PENDING' AND a."created_at" < $1
        ORDER BY a."created_at" ASC LIMIT $2`,
      [olderThan, limit],
    )) as Array<{ id: string; org_id: string; project_key: string; correlation_id: string }>;
    return rows.map((row) => ({
      id: row.id,
      orgId: row.org_id,
      projectKey: row.project_key,
      correlationId: row.correlation_id,
    }));
  }

  /** `UPDATE … SET <set> WHERE id = $1 AND status <condition>` plus `events`, in one statement. */
  private async transition(
    manager: EntityManager,
    set: string,
    statusCondition: string,
    params: unknown[],
    events: readonly AnyDomainEvent[],
  ): Promise<boolean> {
    const eventsParam = `$${params.length + 1}`;
    const rows = (await manager.query(
      `WITH changed AS (
         UPDATE ${A} SET ${set} WHERE "id" = $1 AND "status" ${statusCondition} RETURNING "id"
       ), events AS (
         ${outboxInsertSql('changed', eventsParam)}
       )
       SELECT "id" FROM changed`,
      [...params, outboxParam(events)],
    )) as unknown[];
    return rows.length > 0;
  }

  private async rows(manager: EntityManager, sql: string, params: unknown[]): Promise<AnalysisWithProject[]> {
    const rows = (await manager.query(sql, params)) as Row[];
    return rows.map((row) => ({ analysis: toAnalysisEntity(row), projectKey: row.project_key }));
  }

  /** `rows` for a hot statement, prepared once per connection under `name` (one name, one text). */
  private async preparedRows(name: string, sql: string, params: unknown[]): Promise<AnalysisWithProject[]> {
    const rows = await preparedQuery<Row>(this.dataSource, name, sql, params);
    return rows.map((row) => ({ analysis: toAnalysisEntity(row), projectKey: row.project_key }));
  }
}
