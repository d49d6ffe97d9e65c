import { Injectable } from '@nestjs/common';
import { AnalysisListingRepository, AnalysisStatus, ProjectLookupRepository } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisException } from '../../analysis.exception.js';
import { decodeCursor, encodeCursor, pageSize } from '../../pagination/keyset-cursor.js';
import type { PageView } from '../../pagination/page.view.js';
import { toAnalysisSummaryView, type AnalysisSummaryView } from '../../views/analysis-summary.view.js';

export interface ListProjectAnalysesQuery {
  /** The project's key. */
  projectId: string;
  first?: number | null;
  after?: string | null;
  status?: AnalysisStatus | null;
}

export interface ProjectAnalysesPage extends PageView<AnalysisSummaryView> {
  /** All analyses of the project matching the status filter, regardless of the page. */
  totalCount: number;
}

const CURSOR_LIST = 'project-analyses';

/**
 * A project's analyses, newest first, one keyset page at a time (created_at, id): a page costs the
 * same wherever it is in the list, and rows inserted meanwhile never shift it. An unknown project,
 * or another org's, is NOT_FOUND.
 */
@Injectable()
export class ListProjectAnalysesService {
  constructor(
    private readonly projects: ProjectLookupRepository,
    private readonly listing: AnalysisListingRepository,
  ) {}

  async execute(identity: CallerIdentity, query: ListProjectAnalysesQuery): Promise<ProjectAnalysesPage> {
    const limit = pageSize(query.first);
    const after = query.after ? decodePosition(query.after) : null;
    const status = query.status ?? null;
    const project = await this.projects.findByKey(identity.orgId, query.projectId.trim());
    if (!project) throw AnalysisException.projectNotFound(query.projectId);
    const [rows, totalCount] = await Promise.all([
      this.listing.page({
        orgId: identity.orgId,
        projectId: project.id,
        status,
        after,
        // One row more than asked tells whether another page follows.
        limit: limit + 1,
      }),
      this.listing.count(identity.orgId, project.id, status),
    ]);
    return {
      items: rows.slice(0, limit).map((row) => ({
        cursor: encodeCursor(CURSOR_LIST, [row.position.createdAt, row.position.id]),
        node: toAnalysisSummaryView(row),
      })),
      hasNextPage: rows.length > limit,
      hasPreviousPage: after !== null,
      totalCount,
    };
  }
}

const EXACT_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checked here so a forged cursor is a client error, never a failed cast in Postgres. */
function decodePosition(cursor: string): { createdAt: string; id: string } {
  const [createdAt = '', id = ''] = decodeCursor(CURSOR_LIST, cursor, 'after', 2);
  if (!EXACT_TIMESTAMP.test(createdAt) || Number.isNaN(Date.parse(createdAt)) || !UUID.test(id)) {
    throw AnalysisException.invalidCursor('after');
  }
  return { createdAt, id };
}
