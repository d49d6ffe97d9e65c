import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import { toAnalysisListView, type AnalysisListView } from './analysis-list.view.js';
import type { ListAnalysesQuery } from './list-analyses.request.js';

export const ANALYSES_LIST_PATH = '/api/v1/security/analyses';

/** The org's analyses across projects, filtered and paged by the analysis service. */
@Injectable()
export class ListAnalysesUseCase {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  async execute(query: ListAnalysesQuery, caller: AuthenticatedCaller): Promise<AnalysisListView> {
    const page = await this.analysis.listAnalyses(
      {
        projectId: query.projectId ?? '',
        statuses: query.status ?? [],
        createdFrom: query.createdFrom ?? '',
        createdTo: query.createdTo ?? '',
        oldestFirst: query.sort === 'createdAt',
        limit: query.limit,
        cursor: query.cursor ?? '',
      },
      caller,
    );
    return toAnalysisListView(page, (cursor) => `${ANALYSES_LIST_PATH}?${nextPageQuery(query, cursor)}`);
  }
}

/** The same filters with the new cursor, so following `links.next` needs no client-side bookkeeping. */
function nextPageQuery(query: ListAnalysesQuery, cursor: string): string {
  const params = new URLSearchParams();
  if (query.projectId) params.set('projectId', query.projectId);
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.createdFrom) params.set('createdFrom', query.createdFrom);
  if (query.createdTo) params.set('createdTo', query.createdTo);
  params.set('sort', query.sort);
  params.set('limit', String(query.limit));
  params.set('cursor', cursor);
  return params.toString();
}
