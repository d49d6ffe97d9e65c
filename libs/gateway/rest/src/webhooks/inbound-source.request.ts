import { z } from 'zod';
import { projectIdField } from '../common/request-fields.js';

export const INBOUND_SCHEMES = ['standard-webhooks', 'github', 'hmac-header'] as const;

/** Body of `POST /api/v1/webhooks/inbound-sources`. */
export const CreateInboundSourceRequestSchema = z
  .object({
    projectId: projectIdField().describe('The project the sender reports about'),
    name: z.string().trim().min(1, 'must not be empty').max(200),
    scheme: z
      .enum(INBOUND_SCHEMES, { message: `must be one of ${INBOUND_SCHEMES.join(', ')}` })
      .describe(
        'standard-webhooks: webhook-id/timestamp/signature headers; github: X-Hub-Signature-256 (+ X-GitHub-Delivery); hmac-header: hex HMAC-SHA256 of "timestamp.body" in signatureHeader with x-timestamp',
      ),
    signatureHeader: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'must be a header name')
      .optional()
      .describe('hmac-header only (default x-signature)'),
    toleranceSeconds: z.number().int().min(1).max(86_400).optional().describe('Timestamp tolerance (default 300)'),
    secret: z
      .string()
      .min(16, 'must be at least 16 characters')
      .max(256)
      .optional()
      .describe('The secret the sender already uses (e.g. a GitHub webhook secret); generated when absent'),
  })
  .strict();

export type CreateInboundSourceRequest = z.infer<typeof CreateInboundSourceRequestSchema>;

export const ListInboundSourcesQuerySchema = z.object({ projectId: projectIdField().optional() }).strict();

export const inboundSourceIdField = () => z.string().uuid('must be an inbound source id (UUID)');
