import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { projectIdField, uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { DownloadReportUseCase } from './download-report.usecase.js';
import { REPORT_DOWNLOAD_FORMATS, ReportDownloadQuerySchema, type ReportDownloadQuery } from './report-download.request.js';

@ApiTags('analysis')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1')
export class AnalysisReportController {
  constructor(private readonly downloadReport: DownloadReportUseCase) {}

  @Get('projects/:projectId/analysis/:analysisId/report')
  @RequireScope('analyses:read')
  @ApiOperation({
    summary: 'Download the report of a completed analysis',
    description:
      'SARIF 2.1.0 (GitHub code scanning), JSON, JUnit XML (CI), a self-contained HTML page or a text ' +
      'summary. Findings triaged as false_positive or accepted_risk are left out unless includeSuppressed=true.',
  })
  @ApiQuery({ name: 'format', enum: REPORT_DOWNLOAD_FORMATS, required: false, description: 'Default json' })
  @ApiQuery({ name: 'specPath', required: false, description: 'Repository path of the OpenAPI file (SARIF)' })
  @ApiQuery({ name: 'includeSuppressed', enum: ['true', 'false'], required: false })
  @ApiProduces('application/sarif+json', 'application/json', 'application/xml', 'text/html', 'text/plain')
  @ApiResponse({ status: 200, description: 'The report, as an attachment' })
  @ApiProblemResponses(400, 401, 403, 404, 409, 429, 503, 504)
  async download(
    @Param('projectId', new ZodValidationPipe(projectIdField(), 'projectId')) projectId: string,
    @Param('analysisId', new ZodValidationPipe(uuidField(), 'analysisId')) analysisId: string,
    @Query(new ZodValidationPipe(ReportDownloadQuerySchema)) query: ReportDownloadQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const report = await this.downloadReport.execute(projectId, analysisId, query, caller);
    void reply
      .header('content-type', report.mediaType)
      .header('content-disposition', `attachment; filename="${report.fileName.replace(/[^\w.-]/g, '_')}"`)
      // The HTML report carries text chosen by the scanned API: never sniff, never run anything.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return report.body;
  }
}
