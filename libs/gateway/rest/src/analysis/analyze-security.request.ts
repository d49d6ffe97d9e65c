import { z } from 'zod';
import { httpUrlField, idempotencyKeyField, projectIdField } from '../common/request-fields.js';

/** Largest OpenAPI document accepted inline (the body limit caps the whole request too). */
export const MAX_OPENAPI_SPEC_CHARS = 8 * 1024 * 1024;

export const AnalysisConfigSchema = z
  .object({
    deepScan: z.boolean().optional(),
    maxDepth: z.number().int().min(1).max(20).optional(),
    vulnerabilityTypes: z.array(z.string().min(1).max(64)).max(50).optional(),
    enableAiAnalysis: z.boolean().optional(),
    timeoutSeconds: z.number().int().min(1).max(3600).optional(),
  })
  .strict();

/** Body of `POST /api/v1/analyze/security`. Unknown fields are refused so typos do not pass silently. */
export const AnalyzeSecurityRequestSchema = z
  .object({
    projectId: projectIdField(),
    targetUrl: httpUrlField().optional().describe('Base URL of the live API to probe'),
    openapiSpec: z
      .string()
      .min(1)
      .max(MAX_OPENAPI_SPEC_CHARS)
      .optional()
      .describe('OpenAPI 2/3 document (JSON or YAML text)'),
    config: AnalysisConfigSchema.optional(),
    idempotencyKey: idempotencyKeyField().optional().describe('Same as the Idempotency-Key header'),
  })
  .strict()
  .refine((body) => body.targetUrl !== undefined || body.openapiSpec !== undefined, {
    message: 'give targetUrl, openapiSpec or both',
    path: ['targetUrl'],
  });

export type AnalyzeSecurityRequest = z.infer<typeof AnalyzeSecurityRequestSchema>;
