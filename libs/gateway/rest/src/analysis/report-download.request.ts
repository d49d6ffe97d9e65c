import { z } from 'zod';

/** The formats the analysis service renders (`@so/analysis-reports`); part of the public API. */
export const REPORT_DOWNLOAD_FORMATS = ['sarif', 'json', 'junit', 'html', 'text'] as const;

/** Query of `GET /api/v1/projects/{projectId}/analysis/{analysisId}/report`. */
export const ReportDownloadQuerySchema = z
  .object({
    format: z
      .enum(REPORT_DOWNLOAD_FORMATS, { message: `must be one of ${REPORT_DOWNLOAD_FORMATS.join(', ')}` })
      .default('json'),
    specPath: z
      .string()
      .min(1)
      .max(1024, 'must be at most 1024 characters')
      .regex(/^[^\u0000-\u001f]+$/, 'must be a file path')
      .optional()
      .describe('Repository path of the OpenAPI file; SARIF alerts point at it (e.g. api/openapi.yaml)'),
    includeSuppressed: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true')
      .describe('Also list findings triaged as false_positive or accepted_risk'),
  })
  .strict();

export type ReportDownloadQuery = z.infer<typeof ReportDownloadQuerySchema>;

/** The file extensions of `GET /api/v1/analyses/{id}/report.{ext}` and the format each one names. */
export const REPORT_EXTENSIONS = { sarif: 'sarif', json: 'json', xml: 'junit', html: 'html', txt: 'text' } as const;

export const reportExtensionField = () =>
  z
    .enum(Object.keys(REPORT_EXTENSIONS) as [keyof typeof REPORT_EXTENSIONS, ...Array<keyof typeof REPORT_EXTENSIONS>], {
      message: `must be one of ${Object.keys(REPORT_EXTENSIONS).join(', ')}`,
    })
    .transform((extension) => REPORT_EXTENSIONS[extension]);

/** The query of the by-extension route: the format is in the path. */
export const ReportFileQuerySchema = ReportDownloadQuerySchema.omit({ format: true });
export type ReportFileQuery = z.infer<typeof ReportFileQuerySchema>;
