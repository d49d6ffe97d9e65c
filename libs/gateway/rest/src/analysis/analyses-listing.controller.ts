import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AnalysisListViewSchema, type AnalysisListView } from './analysis-list.view.js';
import { ListAnalysesQuerySchema, type ListAnalysesQuery } from './list-analyses.request.js';
import { ListAnalysesUseCase } from './list-analyses.usecase.js';

@ApiTags('analysis')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/security')
export class AnalysesListingController {
  constructor(private readonly listAnalyses: ListAnalysesUseCase) {}

  @Get('analyses')
  @RequireScope('analyses:read')
  @ApiOperation({
    summary: "List the organisation's analyses",
    description:
      'Across projects, newest first by default; filter by project, status (comma-separated) and creation time. ' +
      'Keyset pagination: follow `links.next` (or pass `nextCursor` as `cursor`) until it is null. Findings are not included.',
  })
  @ApiQuery({ name: 'projectId', required: false })
  @ApiQuery({ name: 'status', required: false, description: 'e.g. COMPLETED,FAILED' })
  @ApiQuery({ name: 'createdFrom', required: false, description: 'ISO 8601, inclusive' })
  @ApiQuery({ name: 'createdTo', required: false, description: 'ISO 8601, exclusive' })
  @ApiQuery({ name: 'sort', required: false, enum: ['-createdAt', 'createdAt'] })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 100 (20)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiResponse({ status: 200, schema: openApiSchema(AnalysisListViewSchema) })
  @ApiProblemResponses(400, 401, 403, 429, 503, 504)
  list(
    @Query(new ZodValidationPipe(ListAnalysesQuerySchema)) query: ListAnalysesQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<AnalysisListView> {
    return this.listAnalyses.execute(query, caller);
  }
}
