import type { WebhookMessageStatus } from '@so/webhook-data-access';

/** A message as shown to the org: its delivery state summarised from the attempt log. */
export interface WebhookDeliveryView {
  id: string;
  analysisId: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  endpointUrl: string;
  status: WebhookMessageStatus;
  attempts: number;
  lastAttemptStatus: 'succeeded' | 'failed' | null;
  lastResponseStatus: number | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}
