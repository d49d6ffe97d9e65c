import { Injectable } from '@nestjs/common';
import { AnalysisCatalogRepository, AnalysisStatus } from '@so/analysis-data-access';
import type { CallerIdentity, FieldViolation } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { decodeCursor, encodeCursor, pageSize } from '../../pagination/keyset-cursor.js';
import { toAnalysisSummaryView, type AnalysisSummaryView } from '../../views/analysis-summary.view.js';

export interface ListAnalysesQuery {
  /** A project key; empty or absent = every project. */
  projectId?: string;
  statuses?: readonly string[];
  /** ISO 8601, inclusive. */
  createdFrom?: string;
  /** ISO 8601, exclusive. */
  createdTo?: string;
  oldestFirst?: boolean;
  limit?: number | null;
  cursor?: string;
}

export interface AnalysisListPage {
  items: AnalysisSummaryView[];
  /** Null on the last page. */
  nextCursor: string | null;
}

const STATUSES = new Set<string>(Object.values(AnalysisStatus));
const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * Every analysis of the caller's org across projects, filtered by project, status and creation time,
 * newest or oldest first, one keyset page at a time. The cursor carries the order it was made for,
 * so it cannot be replayed against the other order. An unknown project simply lists nothing.
 */
@Injectable()
export class ListAnalysesService {
  constructor(private readonly catalog: AnalysisCatalogRepository) {}

  async execute(identity: CallerIdentity, query: ListAnalysesQuery): Promise<AnalysisListPage> {
    const violations: FieldViolation[] = [];
    const statuses = [...new Set(query.statuses ?? [])];
    for (const status of statuses) {
      if (!STATUSES.has(status)) violations.push({ field: 'status', description: `unknown status "${status.slice(0, 40)}": use ${[...STATUSES].join(', ')}` });
    }
    const createdFrom = parseInstant(query.createdFrom, 'createdFrom', violations);
    const createdTo = parseInstant(query.createdTo, 'createdTo', violations);
    if (createdFrom && createdTo && createdFrom >= createdTo) violations.push({ field: 'createdTo', description: 'must be later than createdFrom' });
    if (violations.length > 0) throw AnalysisException.invalidRequest(violations);
    const limit = pageSize(query.limit || null, 'limit');
    const oldestFirst = query.oldestFirst ?? false;
    const listName = oldestFirst ? 'analyses-oldest-first' : 'analyses-newest-first';
    const after = query.cursor ? decodePosition(listName, query.cursor) : null;

    const rows = await this.catalog.page({
      orgId: identity.orgId,
      projectKey: query.projectId?.trim() || null,
      statuses: statuses as AnalysisStatus[],
      createdFrom,
      createdTo,
      oldestFirst,
      after,
      // One row more than asked tells whether another page follows.
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toAnalysisSummaryView),
      nextCursor: rows.length > limit && last ? encodeCursor(listName, [last.position.createdAt, last.position.id]) : null,
    };
  }
}

function parseInstant(value: string | undefined, field: string, violations: FieldViolation[]): Date | null {
  if (!value) return null;
  const time = ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    violations.push({ field, description: 'must be an ISO 8601 date or date-time, e.g. 2026-11-01T00:00:00Z' });
    return null;
  }
  return new Date(time);
}

/** Checked here so a forged cursor is a client error, never a failed cast in Postgres. */
function decodePosition(listName: string, cursor: string): { createdAt: string; id: string } {
  const [createdAt = '', id = ''] = decodeCursor(listName, cursor, 'cursor', 2);
  if (!EXACT_TIMESTAMP.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || !UUID.test(id)) {
    throw AnalysisException.invalidCursor('cursor');
  }
  return { createdAt, id };
}
