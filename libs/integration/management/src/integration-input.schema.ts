import { INTEGRATION_TYPES } from '@so/integration-data-access';
import { z } from 'zod';

const PROJECT_KEY = /^[a-z0-9][a-z0-9._-]{0,62}$/;

const stringMap = (what: string) =>
  z
    .record(z.string().min(1).max(100), z.string().max(4096, `${what} values must be at most 4096 characters`))
    .refine((map) => Object.keys(map).length <= 50, `at most 50 ${what} entries`);

/** CreateIntegration input (the proto's IntegrationRequest after decoding). */
export const createIntegrationSchema = z.object({
  projectId: z.string().regex(PROJECT_KEY, 'must be a project key (lowercase letters, digits, ".", "_", "-"; up to 63 characters)'),
  name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  type: z.enum(INTEGRATION_TYPES, { message: `must be one of ${INTEGRATION_TYPES.join(', ')}` }),
  config: stringMap('config').default({}),
  credentials: stringMap('credentials').default({}),
});

export type CreateIntegrationInput = z.infer<typeof createIntegrationSchema>;

export const integrationIdSchema = z.uuid({ message: 'must be a UUID' });
