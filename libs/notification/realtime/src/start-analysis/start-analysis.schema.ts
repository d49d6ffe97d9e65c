import { z } from 'zod';

/**
 * The shape of a START_ANALYSIS payload: field names and types only, so it can be encoded as the
 * gRPC request. The rules (project key, URL scheme, sizes, config ranges) are the analysis service's,
 * which answers with every violation at once; checking them twice would let the two drift apart.
 */
export const startAnalysisPayloadSchema = z
  .object({
    projectId: z.string({ message: 'must be a string' }),
    targetUrl: z.string({ message: 'must be a string' }).optional(),
    openapiSpec: z.string({ message: 'must be a string' }).optional(),
    idempotencyKey: z.string({ message: 'must be a string' }).optional(),
    config: z
      .object({
        deepScan: z.boolean({ message: 'must be true or false' }).optional(),
        maxDepth: z.number({ message: 'must be a number' }).int('must be a whole number').optional(),
        vulnerabilityTypes: z.array(z.string({ message: 'must be a string' }), { message: 'must be a list of strings' }).optional(),
        enableAiAnalysis: z.boolean({ message: 'must be true or false' }).optional(),
        timeoutSeconds: z.number({ message: 'must be a number' }).int('must be a whole number').optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type StartAnalysisPayload = z.infer<typeof startAnalysisPayloadSchema>;

/** What the ack of a START_ANALYSIS carries on success. */
export interface StartedAnalysis {
  analysisId: string;
  projectId: string;
  status: string;
}
