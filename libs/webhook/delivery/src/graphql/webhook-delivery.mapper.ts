import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import { isTestEventId } from '../test-event/test-event.js';
import { WebhookAttemptStatus, WebhookDeliveryStatus } from './webhook-delivery-status.enum.js';
import type { WebhookDeliveryType } from './webhook-delivery.type.js';

const STATUS = {
  pending: WebhookDeliveryStatus.PENDING,
  delivered: WebhookDeliveryStatus.DELIVERED,
  failed: WebhookDeliveryStatus.FAILED,
} as const;
const ATTEMPT_STATUS = { succeeded: WebhookAttemptStatus.SUCCEEDED, failed: WebhookAttemptStatus.FAILED } as const;

export function toWebhookDeliveryType(view: WebhookDeliveryView): WebhookDeliveryType {
  return {
    id: view.id,
    eventId: view.eventId,
    eventType: view.eventType,
    endpointId: view.endpointId,
    endpointUrl: view.endpointUrl,
    status: STATUS[view.status],
    delivered: view.status === 'delivered',
    attempts: view.attempts,
    lastStatus: view.lastAttemptStatus === null ? null : ATTEMPT_STATUS[view.lastAttemptStatus],
    lastResponseStatus: view.lastResponseStatus,
    lastAttemptAt: view.lastAttemptAt,
    deliveredAt: view.deliveredAt,
    createdAt: view.createdAt,
    test: isTestEventId(view.eventId),
  };
}
