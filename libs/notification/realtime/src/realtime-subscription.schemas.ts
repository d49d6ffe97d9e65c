import { z } from 'zod';

/** Same rule as the analysis service's project keys. */
export const PROJECT_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export const analysisSubscriptionSchema = z.object({
  analysisId: z.uuid({ message: 'must be a UUID' }),
});

export const projectSubscriptionSchema = z.object({
  projectId: z.string({ message: 'must be a string' }).regex(PROJECT_KEY_PATTERN, 'must be a project key (lowercase letters, digits, ".", "_", "-"; up to 63 characters)'),
});
