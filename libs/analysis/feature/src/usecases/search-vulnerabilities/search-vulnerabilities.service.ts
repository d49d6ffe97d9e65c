import { Injectable } from '@nestjs/common';
import { FindingBatchRepository, FindingSearchRepository } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { createHash } from 'node:crypto';
import { AnalysisException } from '../../analysis.exception.js';
import { decodeCursor, encodeCursor, pageSize } from '../../pagination/keyset-cursor.js';
import type { PageView } from '../../pagination/page.view.js';
import { toFindingView, type FindingView } from '../../views/analysis.view.js';

export interface SearchVulnerabilitiesQuery {
  query: string;
  first?: number | null;
  after?: string | null;
}

/** A finding matching a search, with the analysis it belongs to and how well it matched. */
export interface VulnerabilityHitView {
  finding: FindingView;
  analysisId: string;
  /** ts_rank_cd of the match; higher is better. */
  rank: number;
}

export const SEARCH_QUERY_MAX_LENGTH = 200;

const CURSOR_LIST = 'vulnerability-search';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REAL = /^-?\d+(\.\d+)?(e-?\d+)?$/;

/**
 * Full-text search over the caller org's findings (title, description, recommendation, rule id,
 * category, CWE) with web-search syntax: words, "quoted phrases", `or`, `-excluded`. Ranked best
 * first, paginated with a keyset cursor on (rank, id). Text without any searchable word is refused
 * with INVALID_ARGUMENT rather than answered with an empty page, so a client can tell its user why.
 */
@Injectable()
export class SearchVulnerabilitiesService {
  constructor(
    private readonly search: FindingSearchRepository,
    private readonly findings: FindingBatchRepository,
  ) {}

  async execute(identity: CallerIdentity, request: SearchVulnerabilitiesQuery): Promise<PageView<VulnerabilityHitView>> {
    const text = request.query.trim();
    if (!text) throw AnalysisException.invalidSearchQuery('must not be empty');
    if (text.length > SEARCH_QUERY_MAX_LENGTH) {
      throw AnalysisException.invalidSearchQuery(`must be at most ${SEARCH_QUERY_MAX_LENGTH} characters`);
    }
    const limit = pageSize(request.first);
    const queryTag = tagOf(text);
    const after = request.after ? decodePosition(request.after, queryTag) : null;
    const result = await this.search.search({ orgId: identity.orgId, text, after, limit: limit + 1 });
    if (!result.searchable) {
      throw AnalysisException.invalidSearchQuery('contains no searchable word (only stop words or punctuation)');
    }
    const hits = result.hits.slice(0, limit);
    const rows = await this.findings.findManyByIds(
      identity.orgId,
      hits.map((hit) => hit.findingId),
    );
    const byId = new Map(rows.map((row) => [row.id, toFindingView(row)]));
    return {
      // A finding deleted between the two reads is left out rather than failing the page.
      items: hits.flatMap((hit) => {
        const finding = byId.get(hit.findingId);
        if (!finding) return [];
        return [
          {
            cursor: encodeCursor(CURSOR_LIST, [queryTag, hit.position.rank, hit.position.id]),
            node: { finding, analysisId: hit.analysisId, rank: hit.rank },
          },
        ];
      }),
      hasNextPage: result.hits.length > limit,
      hasPreviousPage: after !== null,
    };
  }
}

/** Ties a cursor to the search text: positions of one ranking mean nothing in another. */
function tagOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

function decodePosition(cursor: string, queryTag: string): { rank: string; id: string } {
  const [tag, rank = '', id = ''] = decodeCursor(CURSOR_LIST, cursor, 'after', 3);
  if (tag !== queryTag || !REAL.test(rank) || !UUID.test(id)) throw AnalysisException.invalidCursor('after');
  return { rank, id };
}
