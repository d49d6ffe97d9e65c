import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { projectIdField, uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import {
  AcceptedAnalysisViewSchema,
  AnalysisViewSchema,
  type AcceptedAnalysisView,
  type AnalysisView,
} from './analysis.view.js';
import { AnalyzeSecurityRequestSchema, type AnalyzeSecurityRequest } from './analyze-security.request.js';
import { CancelAnalysisUseCase } from './cancel-analysis.usecase.js';
import { GetAnalysisUseCase } from './get-analysis.usecase.js';
import { StartAnalysisUseCase } from './start-analysis.usecase.js';

@ApiTags('analysis')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1')
export class AnalysisController {
  constructor(
    private readonly startAnalysis: StartAnalysisUseCase,
    private readonly getAnalysis: GetAnalysisUseCase,
    private readonly cancelAnalysis: CancelAnalysisUseCase,
  ) {}

  @Post('analyze/security')
  @HttpCode(202)
  @RequireScope('analyses:write')
  @ApiOperation({
    summary: 'Start a security analysis',
    description: 'Answers at once with the analysis id; poll the Location or subscribe for progress.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request with the same key returns the same analysis',
  })
  @ApiBody({ schema: openApiSchema(AnalyzeSecurityRequestSchema, 'input') })
  @ApiResponse({
    status: 202,
    description: 'Accepted; `Location` points to the analysis',
    schema: openApiSchema(AcceptedAnalysisViewSchema),
  })
  @ApiProblemResponses(400, 401, 403, 415, 429, 503, 504)
  async analyze(
    @Body(new ZodValidationPipe(AnalyzeSecurityRequestSchema)) body: AnalyzeSecurityRequest,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AcceptedAnalysisView> {
    const accepted = await this.startAnalysis.execute(body, idempotencyKey, caller);
    void reply.header('location', accepted.links.self);
    return accepted;
  }

  @Get('projects/:projectId/analysis/:analysisId')
  @RequireScope('analyses:read')
  @ApiOperation({ summary: 'Get an analysis with its findings and metrics' })
  @ApiResponse({ status: 200, schema: openApiSchema(AnalysisViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  get(
    @Param('projectId', new ZodValidationPipe(projectIdField(), 'projectId')) projectId: string,
    @Param('analysisId', new ZodValidationPipe(uuidField(), 'analysisId')) analysisId: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<AnalysisView> {
    return this.getAnalysis.execute(projectId, analysisId, caller);
  }

  @Post('analyses/:analysisId/cancel')
  @HttpCode(200)
  @RequireScope('analyses:write')
  @ApiOperation({ summary: 'Cancel an analysis' })
  @ApiResponse({ status: 200, schema: openApiSchema(AnalysisViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 409, 429, 503, 504)
  cancel(
    @Param('analysisId', new ZodValidationPipe(uuidField(), 'analysisId')) analysisId: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<AnalysisView> {
    return this.cancelAnalysis.execute(analysisId, caller);
  }
}
