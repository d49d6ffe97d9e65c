import type { webhookInternalProto } from '@so/contracts';
import { z } from 'zod';

export const InboundSourceViewSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  scheme: z.string(),
  signatureHeader: z.string().nullable(),
  toleranceSeconds: z.number().int(),
  createdAt: z.string(),
  path: z.string().describe('Where the sender POSTs, relative to the gateway (/api/v1/hooks/inbound/{id})'),
});

export const CreatedInboundSourceViewSchema = InboundSourceViewSchema.extend({
  secret: z.string().describe('The secret the sender signs with. Shown only in this response.'),
});

export const InboundSourceListViewSchema = z.object({ items: z.array(InboundSourceViewSchema) });

export const InboundReceiptViewSchema = z.object({
  id: z.string().describe('The recorded inbound event'),
  duplicate: z.boolean().describe('The sender event id was already received: acknowledged, not processed again'),
  reanalysisRequested: z.boolean(),
});

export type InboundSourceView = z.infer<typeof InboundSourceViewSchema>;
export type CreatedInboundSourceView = z.infer<typeof CreatedInboundSourceViewSchema>;
export type InboundSourceListView = z.infer<typeof InboundSourceListViewSchema>;
export type InboundReceiptView = z.infer<typeof InboundReceiptViewSchema>;

export function toInboundSourceView(source: webhookInternalProto.InboundSource): InboundSourceView {
  return {
    id: source.id,
    projectId: source.projectId,
    name: source.name,
    scheme: source.scheme,
    signatureHeader: source.signatureHeader || null,
    toleranceSeconds: source.toleranceSeconds,
    createdAt: source.createdAt,
    path: source.path,
  };
}
