import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { AnalysisGrpcClient } from '@so/gateway-grpc';
import type { ReportDownloadQuery } from './report-download.request.js';

export interface ReportDownload {
  mediaType: string;
  fileName: string;
  body: string;
}

/** A completed analysis rendered by the analysis service in the requested format. */
@Injectable()
export class DownloadReportUseCase {
  constructor(private readonly analysis: AnalysisGrpcClient) {}

  async execute(
    projectId: string,
    analysisId: string,
    query: ReportDownloadQuery,
    caller: AuthenticatedCaller,
  ): Promise<ReportDownload> {
    const report = await this.analysis.renderReport(
      {
        analysisId,
        projectId,
        format: query.format,
        specPath: query.specPath ?? '',
        includeSuppressed: query.includeSuppressed,
      },
      caller,
    );
    return { mediaType: report.mediaType, fileName: report.fileName, body: report.body };
  }
}
