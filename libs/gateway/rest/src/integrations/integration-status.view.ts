import { orchestratorProto } from '@so/contracts';
import { z } from 'zod';

const IntegrationStatusSchema = z.enum(['INACTIVE', 'CONNECTING', 'ACTIVE', 'ERROR', 'RECONNECTING', 'UNKNOWN']);

export const IntegrationStatusViewSchema = z.object({
  integrationId: z.string(),
  status: IntegrationStatusSchema,
  message: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  links: z.object({ status: z.string() }),
});

export type IntegrationStatusView = z.infer<typeof IntegrationStatusViewSchema>;
type IntegrationStatusName = z.infer<typeof IntegrationStatusSchema>;

export function toIntegrationStatusView(response: orchestratorProto.IntegrationResponse): IntegrationStatusView {
  const name = orchestratorProto.IntegrationStatus[response.status] as string | undefined;
  return {
    integrationId: response.integrationId,
    status: IntegrationStatusSchema.options.includes(name as IntegrationStatusName)
      ? (name as IntegrationStatusName)
      : 'UNKNOWN',
    message: response.message === '' ? null : response.message,
    lastCheckedAt: response.lastCheckedAt === '' ? null : response.lastCheckedAt,
    links: { status: `/api/v1/integrations/${encodeURIComponent(response.integrationId)}/status` },
  };
}
