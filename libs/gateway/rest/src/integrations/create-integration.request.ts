import { CREATABLE_INTEGRATION_TYPES } from '@so/contracts';
import { z } from 'zod';
import { projectIdField } from '../common/request-fields.js';

/** The integration service validates again; refusing typos here saves a hop. */
export const INTEGRATION_TYPES = CREATABLE_INTEGRATION_TYPES;

const stringMap = (what: string) =>
  z
    .record(z.string().min(1).max(100), z.string().max(4096, `${what} values must be at most 4096 characters`))
    .refine((map) => Object.keys(map).length <= 50, `at most 50 ${what} entries`);

/** Body of `POST /api/v1/integrations/external`. Credentials are stored encrypted by the integration service. */
export const CreateIntegrationRequestSchema = z
  .object({
    projectId: projectIdField(),
    name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
    type: z.enum(INTEGRATION_TYPES, { message: `must be one of ${INTEGRATION_TYPES.join(', ')}` }),
    config: stringMap('config').optional(),
    credentials: stringMap('credentials').optional().describe('Write-only: never returned'),
  })
  .strict();

export type CreateIntegrationRequest = z.infer<typeof CreateIntegrationRequestSchema>;
