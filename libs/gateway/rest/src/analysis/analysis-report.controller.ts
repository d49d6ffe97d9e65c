import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { projectIdField, uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { DownloadReportUseCase } from './download-report.usecase.js';
import {
  REPORT_DOWNLOAD_FORMATS,
  REPORT_EXTENSIONS,
  ReportDownloadQuerySchema,
  ReportFileQuerySchema,
  reportExtensionField,
    type ReportDownloadQuery,
  type ReportFileQuery,
} from './report-download.request.js';

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
    return this.send(reply, await this.downloadReport.execute(projectId, analysisId, query, caller));
  }

  /** The same report addressed by analysis id alone, the format named by the file extension (`report.sarif`). */
  @Get('analyses/:analysisId/report.:extension')
  @RequireScope('analyses:read')
  @ApiOperation({
    summary: 'Download the report of a completed analysis by file name',
    description: `\`report.sarif\`, \`report.json\`, \`report.xml\` (JUnit), \`report.html\` or \`report.txt\`; otherwise as the project-scoped route.`,
  })
  @ApiParam({ name: 'extension', enum: Object.keys(REPORT_EXTENSIONS) })
  @ApiQuery({ name: 'specPath', required: false, description: 'Repository path of the OpenAPI file (SARIF)' })
  @ApiQuery({ name: 'includeSuppressed', enum: ['true', 'false'], required: false })
  @ApiProduces('application/sarif+json', 'application/json', 'application/xml', 'text/html', 'text/plain')
  @ApiResponse({ status: 200, description: 'The report, as an attachment' })
  @ApiProblemResponses(400, 401, 403, 404, 409, 429, 503, 504)
  async file(
    @Param('analysisId', new ZodValidationPipe(uuidField(), 'analysisId')) analysisId: string,
    @Param('extension', new ZodValidationPipe(reportExtensionField(), 'extension')) format: ReportDownloadQuery['format'],
    @Query(new ZodValidationPipe(ReportFileQuerySchema)) query: ReportFileQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // An empty project id: any project of the caller's org (the analysis service still scopes by org).
    return this.send(reply, await this.downloadReport.execute('', analysisId, { ...query, format }, caller));
  }

  private send(reply: FastifyReply, report: { mediaType: string; fileName: string; body: string }): string {
    void reply
      .header('content-type', report.mediaType)
      .header('content-disposition', `attachment; filename="${report.fileName.replace(/[^\w.-]/g, '_')}"`)
      // The HTML report carries text chosen by the scanned API: never sniff, never run anything.
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    return report.body;
  }
}
