import { Injectable } from '@nestjs/common';
import type { AnyDomainEvent } from '@so/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnalysisConfigRecord, AnalysisMetricsRecord } from '../analysis-record.types.js';
import type { AnalysisStatus } from '../analysis-status.js';
import type { AnalysisEntity } from '../entities/analysis.entity.js';
import { analysisColumns, toAnalysisEntity, type AnalysisRow } from './analysis-row.js';
import { outboxInsertSql, outboxParam } from './outbox-sql.js';

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

/**
 * Hot paths (start, claim, progress, finish) are single statements: the state change and its
 * outbox events commit together in one round trip. Every lookup takes the org id: tenancy is
 * enforced here, not left to callers.
 */
@Injectable()
export class AnalysisRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a PENDING analysis (creating its project on first use) with `events`. Returns null when
   * a concurrent start created the same new project at this moment; calling again then succeeds.
   */
  async createPending(
    input: NewAnalysis,
    projectId: string,
    events: readonly AnyDomainEvent[],
  ): Promise<AnalysisWithProject | null> {
    const rows = await this.rows(
      this.dataSource.manager,
      `WITH existing AS (
         SELECT "id", "key" FROM ${P} WHERE "org_id" = $2 AND "key" = $3
       ), created AS (
         INSERT INTO ${P} ("id", "org_id", "key", "name")
         SELECT $4::uuid, $2::text, $3::text, $5::text WHERE NOT EXISTS (SELECT 1 FROM existing)
         ON CONFLICT ("org_id", "key") DO NOTHING
         RETURNING "id", "key"
       ), project AS (
         SELECT * FROM existing UNION ALL SELECT * FROM created
       ), inserted AS (
         INSERT INTO ${A} ("id", "org_id", "project_id", "status", "target_url", "spec_text", "config",
                           "idempotency_key", "progress_percent", "stage", "correlation_id")
         SELECT $1::uuid, $2::text, project."id", 'PENDING'::"analysis"."analysis_status", $6::text, $7::text,
                $8::jsonb, $9::text, 0, 'queued', $10::text
           FROM project
         RETURNING *
       ), events AS (
         ${outboxInsertSql('inserted', '$11')}
       )
       SELECT ${analysisColumns('inserted')}, project."key" AS "project_key" FROM inserted, project`,
      [
        input.id,
        input.orgId,
        input.projectKey,
        projectId,
        input.projectName,
        input.targetUrl,
        input.specText,
        JSON.stringify(input.config),
        input.idempotencyKey,
        input.correlationId,
        outboxParam(events),
      ],
    );
    return rows[0] ?? null;
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
  async claim(orgId: string, id: string, events: readonly AnyDomainEvent[]): Promise<AnalysisWithProject | null> {
    const rows = await this.rows(
      this.dataSource.manager,
      `WITH claimed AS (
         UPDATE ${A} SET "status" = 'IN_PROGRESS', "stage" = 'starting', "started_at" = COALESCE("started_at", now())
          WHERE "id" = $1 AND "org_id" = $2 AND "status" IN ${ACTIVE}
         RETURNING *
       ), events AS (
         ${outboxInsertSql('claimed', '$3')}
       )
       SELECT ${analysisColumns('claimed')}, p."key" AS "project_key" FROM claimed JOIN ${P} p ON p."id" = claimed."project_id"`,
      [id, orgId, outboxParam(events)],
    );
    return rows[0] ?? null;
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
    return this.transition(
      this.dataSource.manager,
      `"progress_percent" = $2, "stage" = $3`,
      `= 'IN_PROGRESS'`,
      [id, percent, stage],
      events,
    );
  }

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
}
