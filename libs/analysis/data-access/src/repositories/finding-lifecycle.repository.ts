import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnalysisComparisonRecord, FixedFindingRecord } from '../finding-lifecycle.types.js';
import { comparisonCtes, COMPARISON_INSERT } from './finding-comparison.sql.js';

const C = `"analysis"."analysis_comparisons"`;

/** The comparison of each analysis in `$1` (uuid[]) that is still IN_PROGRESS with its previous one. */
const COMPARE_SQL = `WITH ${comparisonCtes('$1::uuid[]')} ${COMPARISON_INSERT}`;

interface ComparisonRow {
  analysis_id: string;
  previous_analysis_id: string | null;
  new_count: number;
  remaining_count: number;
  fixed_count: number;
  fixed: FixedFindingRecord[];
}

/**
 * Ties one analysis' findings to the project's history. The previous analysis is the latest
 * COMPLETED one of the same project created before this one with the same subject: the same
 * target URL (or none) and, likewise, a spec or none (`previousAnalysisLateral`). Comparing a
 * spec-only audit with a live probe of the same project would report every finding of the other
 * kind as new or fixed.
 */
@Injectable()
export class FindingLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * In one statement: checks each finding of the analysis is marked new or recurring and carries
   * the project's triage decision for its fingerprint (false positive and accepted risk stay
   * suppressed; a flaw reported fixed that shows up again is open again), and records the
   * comparison with the fixed list. Running it again recomputes the same result, so a retried job
   * may repeat it. Only while the analysis is IN_PROGRESS (it runs just before the completion):
   * null, and nothing written, once it is not.
   */
  async compareWithPrevious(manager: EntityManager, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    const rows = (await manager.query(COMPARE_SQL, [[analysisId]])) as ComparisonRow[];
    return rows[0] ? toComparison(rows[0]) : null;
  }

  /** Null while the analysis has not completed (or it completed before comparisons existed). */
  async comparisonOf(orgId: string, analysisId: string): Promise<AnalysisComparisonRecord | null> {
    return (await this.comparisonsOf(orgId, [analysisId]))[0] ?? null;
  }

  /** The stored comparisons of the org's analyses among `analysisIds`, in one statement (absent ones are left out). */
  async comparisonsOf(orgId: string, analysisIds: readonly string[]): Promise<AnalysisComparisonRecord[]> {
    if (analysisIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT "analysis_id", "previous_analysis_id", "new_count", "remaining_count", "fixed_count", "fixed"
         FROM ${C} WHERE "analysis_id" = ANY($1::uuid[]) AND "org_id" = $2`,
      [analysisIds, orgId],
    )) as ComparisonRow[];
    return rows.map(toComparison);
  }
}

function toComparison(row: ComparisonRow): AnalysisComparisonRecord {
  return {
    analysisId: row.analysis_id,
    previousAnalysisId: row.previous_analysis_id,
    newCount: Number(row.new_count),
    remainingCount: Number(row.remaining_count),
    fixedCount: Number(row.fixed_count),
    fixed: row.fixed,
  };
}
