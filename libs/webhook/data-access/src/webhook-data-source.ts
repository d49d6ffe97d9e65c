import { OutboxEventEntity, serviceDataSourceOptions } from '@so/shared';
import type { DataSourceOptions } from 'typeorm';
import { WebhookAttemptEntity } from './entities/webhook-attempt.entity.js';
import { WebhookEndpointEntity } from './entities/webhook-endpoint.entity.js';
import { WebhookMessageEntity } from './entities/webhook-message.entity.js';
import { CreateWebhookSchema1795000000000 } from './migrations/1795000000000-create-webhook-schema.migration.js';
import { WebhookDeliveryControls1795000100000 } from './migrations/1795000100000-webhook-delivery-controls.migration.js';
import { WebhookOrderedDelivery1795000500000 } from './migrations/1795000500000-webhook-ordered-delivery.migration.js';
import { WebhookMessageClaims1795000600000 } from './migrations/1795000600000-webhook-message-claims.migration.js';

export const WEBHOOK_SCHEMA = 'webhook';

export const WEBHOOK_ENTITIES = [WebhookEndpointEntity, WebhookMessageEntity, WebhookAttemptEntity, OutboxEventEntity];

/** In order; never edit one that has shipped, add a new one. */
export const WEBHOOK_MIGRATIONS = [
  CreateWebhookSchema1795000000000,
  WebhookDeliveryControls1795000100000,
  WebhookOrderedDelivery1795000500000,
  WebhookMessageClaims1795000600000,
];

export function webhookDataSourceOptions(url: string, poolSize?: number): DataSourceOptions {
  return serviceDataSourceOptions({
    url,
    schema: WEBHOOK_SCHEMA,
    entities: WEBHOOK_ENTITIES,
    migrations: WEBHOOK_MIGRATIONS,
    poolSize,
    applicationName: 'so-webhook',
  });
}
