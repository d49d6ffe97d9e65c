import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { FindingEvidenceRecord, FindingLocationRecord } from '../analysis-record.types.js';
import type { FindingSeverity } from '../analysis-status.js';
import { FindingEntity } from '../entities/finding.entity.js';

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
        if (column === 'severity') return `${position}::"analysis"."finding_severity"`;
        if (column === 'location' || column === 'evidence') return `${position}::jsonb`;
        return position;
      });
      return `(${placeholders.join(', ')})`;
    });
    const rows = (await manager.query(
      `INSERT INTO "analysis"."findings" (${COLUMNS.map((column) => `"${column}"`).join(', ')})
       VALUES ${tuples.join(', ')}
       ON CONFLICT ("analysis_id", "fingerprint")
       DO UPDATE SET "location" = EXCLUDED."location", "evidence" = EXCLUDED."evidence"
       RETURNING "id", "fingerprint", (xmax = 0) AS "inserted"`,
      params,
    )) as Array<{ id: string; fingerprint: string; inserted: boolean }>;
    return rows.map((row) => ({ id: row.id, fingerprint: row.fingerprint, inserted: row.inserted }));
  }
}
