import type { WebhookEndpointEntity } from '@so/webhook-data-access';
import type { WebhookEndpointView } from './endpoint.model.js';

export function toEndpointView(entity: WebhookEndpointEntity): WebhookEndpointView {
  return {
    id: entity.id,
    url: entity.url,
    eventTypes: entity.eventTypes,
    description: entity.description,
    enabled: entity.enabled,
    projectId: entity.projectId,
    createdAt: entity.createdAt,
    disabledAt: entity.disabledAt,
    disabledReason: entity.disabledReason,
    rateLimitPerSecond: entity.rateLimitPerSecond ?? null,
    headers: entity.headers ?? {},
    filter: entity.filter ?? null,
    signingScheme: entity.signingScheme ?? 'hmac',
    publicKey: entity.publicKey ?? null,
    ordered: entity.ordered ?? false,
    previousSecretExpiresAt: entity.previousSecretExpiresAt ?? null,
    failingSince: entity.failingSince ?? null,
    consecutiveFailures: entity.consecutiveFailures ?? 0,
  };
}
