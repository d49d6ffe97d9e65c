import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Position of a hit in a ranked result: rank as Postgres printed it (exact), then id. */
export interface SearchKeysetPosition {
  rank: string;
  id: string;
}

export interface FindingSearchQuery {
  orgId: string;
  /** User text, parsed with websearch_to_tsquery ("quoted phrases", OR, -excluded). */
  text: string;
  after: SearchKeysetPosition | null;
  limit: number;
}

/** A matching finding, by id; the caller loads the findings themselves in one batch. */
export interface FindingSearchHit {
  findingId: string;
  analysisId: string;
  rank: number;
  position: SearchKeysetPosition;
}

export interface FindingSearchResult {
  /** False when the text holds no searchable word (empty, punctuation or stop words only). */
  searchable: boolean;
  hits: FindingSearchHit[];
}

interface Row {
  lexemes: number;
  id: string | null;
  analysis_id: string;
  rank: string;
}

/**
 * Full-text search over the org's findings on the stored `search_vector` (GIN index), ranked with
 * ts_rank_cd, best first, ties by id. One statement also reports whether the text had any lexeme,
 * so "nothing matched" and "nothing to search for" are told apart without a second round trip.
 */
@Injectable()
export class FindingSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async search(query: FindingSearchQuery): Promise<FindingSearchResult> {
    const params: unknown[] = [query.orgId, query.text, query.limit];
    let afterCondition = '';
    if (query.after !== null) {
      params.push(query.after.rank, query.after.id);
      afterCondition = `WHERE (m."rank_value" < $4::real OR (m."rank_value" = $4::real AND m."id" > $5::uuid))`;
    }
    const rows = (await this.dataSource.query(
      `WITH q AS (SELECT websearch_to_tsquery('english'::regconfig, $2) AS "query")
       SELECT numnode(q."query") AS "lexemes", hit.*
         FROM q LEFT JOIN LATERAL (
           SELECT m.*, m."rank_value"::text AS "rank" FROM (
             SELECT f."id", f."analysis_id", ts_rank_cd(f."search_vector", q."query") AS "rank_value"
               FROM "analysis"."findings" f
              WHERE f."org_id" = $1 AND numnode(q."query") > 0 AND f."search_vector" @@ q."query"
           ) m
           ${afterCondition}
           ORDER BY m."rank_value" DESC, m."id" ASC
           LIMIT $3
         ) hit ON true`,
      params,
    )) as Row[];
    const searchable = (rows[0]?.lexemes ?? 0) > 0;
    const hits = rows.filter((row): row is Row & { id: string } => row.id !== null).map(toHit);
    return { searchable, hits };
  }
}

function toHit(row: Row & { id: string }): FindingSearchHit {
  return {
    findingId: row.id,
    analysisId: row.analysis_id,
    rank: Number(row.rank),
    position: { rank: row.rank, id: row.id },
  };
}
