import { z } from 'zod';
import { projectIdField } from '../common/request-fields.js';

const STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
const dateTime = () =>
  z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' }).or(
    z.iso.date({ message: 'must be an ISO 8601 date or date-time' }),
  );

/** Query of `GET /api/v1/security/analyses`. Unknown parameters are refused, so a typo is not a silent no-op. */
export const ListAnalysesQuerySchema = z
  .object({
    projectId: projectIdField().optional(),
    status: z
      .string({ message: 'must be a string' })
      .transform((value) => value.split(',').map((status) => status.trim().toUpperCase()).filter(Boolean))
      .pipe(z.array(z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')} (comma-separated)` })).max(STATUSES.length))
      .optional()
      .describe(`Comma-separated: ${STATUSES.join(', ')}`),
    createdFrom: dateTime().optional().describe('Inclusive'),
    createdTo: dateTime().optional().describe('Exclusive'),
    sort: z.enum(['-createdAt', 'createdAt'], { message: 'must be -createdAt (newest first) or createdAt' }).default('-createdAt'),
    limit: z.coerce
      .number({ message: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100, 'must be at most 100')
      .default(20),
    cursor: z.string().min(1).max(512, 'must be at most 512 characters').optional().describe('nextCursor of the previous page (same sort)'),
  })
  .strict();

export type ListAnalysesQuery = z.infer<typeof ListAnalysesQuerySchema>;
