import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { FindingEvidenceRecord, FindingLocationRecord } from '../analysis-record.types.js';
import type { FindingSeverity, FindingStatus } from '../analysis-status.js';
import { FindingEntity } from '../entities/finding.entity.js';
import type { AiAssessmentRecord, FindingTriage } from '../finding-lifecycle.types.js';
import { inheritedTriageSql, occurrenceSql, previousAnalysisLateral } from './finding-history.sql.js';

export interface NewFinding {
  orgId: string;
  analysisId: string;
  ruleId: string;
  title: string;
  category: string;
  cweId: string;
  severity: FindingSeverity;
  description: string;
  recommendation: string;
  location: FindingLocationRecord;
  evidence: FindingEvidenceRecord | null;
  fingerprint: string;
}

export interface StoredFinding {
  id: string;
  fingerprint: string;
  /** False when a row with this fingerprint already existed (job re-run, or the final result). */
  inserted: boolean;
  /** The triage status it starts with: the project's decision for its fingerprint, else open. */
  status: FindingStatus;
}

const COLUMNS = [
  'id',
  'org_id',
  'analysis_id',
  'rule_id',
  'title',
  'category',
  'cwe_id',
  'severity',
  'description',
  'recommendation',
  'location',
  'evidence',
  'fingerprint',
] as const;

/** Keeps each statement well below Postgres' 65535 bind parameters. */
const ROWS_PER_STATEMENT = 500;

@Injectable()
export class FindingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts findings, or refreshes location/evidence of ones already stored under the same
   * fingerprint; reports which rows are new so a re-run emits `finding.detected` only once.
   * A new row starts with its history: new or recurring since the previous analysis of the same
   * subject, and the project's triage decision for its fingerprint.
   */
  async upsertMany(manager: EntityManager, findings: readonly NewFinding[]): Promise<StoredFinding[]> {
    // One statement may not touch the same row twice, so duplicates in the input collapse first.
    const unique = [
      ...new Map(findings.map((finding) => [`${finding.analysisId}:${finding.fingerprint}`, finding])).values(),
    ];
    const stored: StoredFinding[] = [];
    for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
      stored.push(...(await this.upsertChunk(manager, unique.slice(start, start + ROWS_PER_STATEMENT))));
    }
    return stored;
  }

  /** Most severe first (the enum is declared in that order), then in the order they were found. */
  listForAnalysis(orgId: string, analysisId: string): Promise<FindingEntity[]> {
    return this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.analysis_id = :analysisId AND f.org_id = :orgId', { analysisId, orgId })
      .orderBy('f.severity', 'ASC')
      .addOrderBy('f.created_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  /** One finding of the org, optionally only when it belongs to the project with key `projectKey`. */
  async findOne(orgId: string, findingId: string, projectKey?: string): Promise<FindingEntity | null> {
    const query = this.dataSource
      .getRepository(FindingEntity)
      .createQueryBuilder('f')
      .where('f.id = :findingId AND f.org_id = :orgId', { findingId, orgId });
    if (projectKey !== undefined) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM "analysis"."analyses" a JOIN "analysis"."projects" p ON p."id" = a."project_id"
                  WHERE a."id" = f.analysis_id AND p."key" = :projectKey)`,
        { projectKey },
      );
    }
    return query.getOne();
  }

  /**
   * Sets the triage status of one finding and records it as the project's decision for the
   * finding's fingerprint, so later analyses inherit it. False when no such finding exists.
   */
  async setTriage(orgId: string, findingId: string, triage: FindingTriage): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `WITH target AS (
         SELECT f."id", f."org_id", f."fingerprint", a."project_id"
           FROM "analysis"."findings" f JOIN "analysis"."analyses" a ON a."id" = f."analysis_id"
          WHERE f."id" = $1 AND f."org_id" = $2
       ), updated AS (
         UPDATE "analysis"."findings" f
            SET "status" = $3::"analysis"."finding_status", "status_reason" = $4, "status_changed_by" = $5,
                "status_changed_at" = now()
           FROM target WHERE f."id" = target."id"
         RETURNING f."id"
       ), decided AS (
         INSERT INTO "analysis"."finding_triage" ("project_id", "fingerprint", "org_id", "status", "reason",
                                                 "changed_by", "changed_at")
         SELECT "project_id", "fingerprint", "org_id", $3::"analysis"."finding_status", $4, $5, now() FROM target
         ON CONFLICT ("project_id", "fingerprint") DO UPDATE SET
           "status" = EXCLUDED."status", "reason" = EXCLUDED."reason", "changed_by" = EXCLUDED."changed_by",
           "changed_at" = EXCLUDED."changed_at"
       )
       SELECT "id" FROM updated`,
      [findingId, orgId, triage.status, triage.reason, triage.changedBy],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Stores the AI analyzer's answers on the analysis' findings, matched by fingerprint. */
  async saveAiAssessments(
    manager: EntityManager,
    analysisId: string,
    assessments: ReadonlyArray<{ fingerprint: string; assessment: AiAssessmentRecord }>,
  ): Promise<void> {
    if (assessments.length === 0) return;
    await manager.query(
      `UPDATE "analysis"."findings" f SET "ai_assessment" = input."assessment"
         FROM jsonb_to_recordset($2::jsonb) AS input("fingerprint" text, "assessment" jsonb)
        WHERE f."analysis_id" = $1 AND f."fingerprint" = input."fingerprint"`,
      [analysisId, JSON.stringify(assessments)],
    );
  }

  private async upsertChunk(manager: EntityManager, findings: readonly NewFinding[]): Promise<StoredFinding[]> {
    if (findings.length === 0) return [];
    const params: unknown[] = [];
    const tuples = findings.map((finding) => {
      const values = [
        randomUUID(),
        finding.orgId,
        finding.analysisId,
        finding.ruleId,
        finding.title,
        finding.category,
        finding.cweId,
        finding.severity,
        finding.description,
        finding.recommendation,
        JSON.stringify(finding.location),
        finding.evidence === null ? null : JSON.stringify(finding.evidence),
        finding.fingerprint,
      ];
      const placeholders = values.map((value, index) => {
        params.push(value);
        const column = COLUMNS[index];
        const position = `$${params.length}`;
        // Typed here: VALUES in a SELECT does not take its types from the target columns.
        if (column === 'id' || column === 'analysis_id') return `${position}::uuid`;
        if (column === 'severity') return `${position}::"analysis"."finding_severity"`;
        if (column === 'location' || column === 'evidence') return `${position}::jsonb`;
        return `${position}::text`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const columns = COLUMNS.map((column) => `"${column}"`).join(', ');
    const inherited = inheritedTriageSql('t');
    const rows = (await manager.query(
      `WITH input (${columns}) AS (VALUES ${tuples.join(', ')}),
       history AS (
         SELECT cur."id" AS "analysis_id", cur."project_id", prev."id" AS "previous_id"
           FROM "analysis"."analyses" cur
           LEFT JOIN ${previousAnalysisLateral('cur')} prev ON true
          WHERE cur."id" IN (SELECT DISTINCT "analysis_id" FROM input)
       )
       INSERT INTO "analysis"."findings" (${columns}, "occurrence", "status", "status_reason",
                                          "status_changed_by", "status_changed_at")
       SELECT ${COLUMNS.map((column) => `v."${column}"`).join(', ')}, ${occurrenceSql('pf')},
              ${inherited.status}, ${inherited.reason}, ${inherited.changedBy}, ${inherited.changedAt}
         FROM input v
         JOIN history h ON h."analysis_id" = v."analysis_id"
         LEFT JOIN "analysis"."findings" pf ON pf."analysis_id" = h."previous_id" AND pf."fingerprint" = v."fingerprint"
         LEFT JOIN "analysis"."finding_triage" t ON t."project_id" = h."project_id" AND t."fingerprint" = v."fingerprint"
       ON CONFLICT ("analysis_id", "fingerprint")
       DO UPDATE SET "location" = EXCLUDED."location", "evidence" = EXCLUDED."evidence"
       RETURNING "id", "fingerprint", (xmax = 0) AS "inserted", "status"`,
      params,
    )) as Array<{ id: string; fingerprint: string; inserted: boolean; status: FindingStatus }>;
    return rows.map((row) => ({ id: row.id, fingerprint: row.fingerprint, inserted: row.inserted, status: row.status }));
  }
}
