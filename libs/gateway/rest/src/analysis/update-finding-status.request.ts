import { z } from 'zod';

/** Longest triage reason accepted; the analysis service enforces the same limit. */
export const MAX_TRIAGE_REASON_CHARS = 2000;

/** Body of `PATCH /api/v1/projects/{projectId}/findings/{findingId}`. */
export const UpdateFindingStatusRequestSchema = z
  .object({
    status: z
      .enum(['open', 'false_positive', 'accepted_risk', 'fixed'], {
        message: 'must be one of open, false_positive, accepted_risk, fixed',
      })
      .describe('Triage status; false_positive and accepted_risk stay suppressed in later analyses'),
    reason: z
      .string({ message: 'must be a string' })
      .max(MAX_TRIAGE_REASON_CHARS, `must be at most ${MAX_TRIAGE_REASON_CHARS} characters`)
      .optional()
      .describe('Why; shown with the finding and carried over to later analyses'),
  })
  .strict();

export type UpdateFindingStatusRequest = z.infer<typeof UpdateFindingStatusRequestSchema>;
