import { z } from 'zod';

/** RFC 9457 problem details as the gateway sends them (documentation only; ProblemJsonFilter builds them). */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().describe('Stable, namespaced error code, e.g. AUTH.INVALID_API_KEY'),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), description: z.string() })).optional(),
  errorId: z.string().optional(),
});
