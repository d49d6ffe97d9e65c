import { registerEnumType } from '@nestjs/graphql';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

export enum WebhookAttemptStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING while attempts remain, DELIVERED after a 2xx, FAILED once retries are exhausted or the endpoint is gone.',
});
registerEnumType(WebhookAttemptStatus, { name: 'WebhookAttemptStatus' });
