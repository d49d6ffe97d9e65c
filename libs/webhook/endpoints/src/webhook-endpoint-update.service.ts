import { Injectable, Logger } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import { generateEd25519KeyPair, SecretCipher, WebhookException } from '@so/webhook-common';
import { WebhookEndpointEntity } from '@so/webhook-data-access';
import { DataSource, IsNull } from 'typeorm';
import { validateEndpointId, validateUpdateEndpoint } from './endpoint-input.validator.js';
import type { RotatedSecret, UpdateEndpointCommand, WebhookEndpointView } from './endpoint.model.js';
import { toEndpointView } from './webhook-endpoint.mapper.js';
import { generateWebhookSecret } from './webhook-secret.js';

const DEFAULT_GRACE_SECONDS = 24 * 3600;
const MAX_GRACE_SECONDS = 7 * 24 * 3600;

/** Changing an endpoint after creation: settings, enabled flag, secret rotation. Scoped to the caller's org. */
@Injectable()
export class WebhookEndpointUpdateService {
  private readonly logger = new Logger(WebhookEndpointUpdateService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  async update(identity: CallerIdentity, id: string, command: UpdateEndpointCommand): Promise<WebhookEndpointView> {
    const endpointId = validateEndpointId(id);
    const update = validateUpdateEndpoint(command);
    const repository = this.dataSource.getRepository(WebhookEndpointEntity);
    const entity = await this.load(identity, endpointId);
    if (update.url !== undefined) entity.url = update.url;
    if (update.eventTypes !== undefined) entity.eventTypes = update.eventTypes;
    if (update.description !== undefined) entity.description = update.description;
    if (update.rateLimitPerSecond !== undefined) entity.rateLimitPerSecond = update.rateLimitPerSecond;
    if (update.headers !== undefined) entity.headers = update.headers;
    if (update.filter !== undefined) entity.filter = update.filter;
    if (update.ordered !== undefined) entity.ordered = update.ordered;
    if (update.enabled === true && !entity.enabled) {
      // Re-enabling starts a clean slate: the failure run that disabled it is over.
      entity.enabled = true;
      entity.disabledAt = null;
      entity.disabledReason = null;
      entity.failingSince = null;
      entity.consecutiveFailures = 0;
      entity.failureWarnedAt = null;
    } else if (update.enabled === false && entity.enabled) {
      entity.enabled = false;
      entity.disabledAt = new Date();
      entity.disabledReason = 'disabled by the owner';
    }
    const saved = await repository.save(entity);
    this.logger.log({ msg: 'webhook endpoint updated', endpointId, orgId: identity.orgId, fields: Object.keys(update) });
    return toEndpointView(saved);
  }

  async rotateSecret(identity: CallerIdentity, id: string, graceSeconds?: number): Promise<RotatedSecret> {
    const endpointId = validateEndpointId(id);
    const grace = graceSeconds === undefined || graceSeconds === 0 ? DEFAULT_GRACE_SECONDS : graceSeconds;
    if (!Number.isInteger(grace) || grace < 1 || grace > MAX_GRACE_SECONDS) {
      throw new WebhookException('INVALID_ARGUMENT', 'WEBHOOK.INVALID_GRACE_PERIOD', 'the grace period is invalid', [
        { field: 'graceSeconds', description: `must be between 1 and ${MAX_GRACE_SECONDS} seconds (0 = 24 h)` },
      ]);
    }
    const entity = await this.load(identity, endpointId);
    const expiresAt = new Date(Date.now() + grace * 1000);
    // The old key keeps signing beside the new one so partners can switch without dropping a delivery.
    entity.previousSecretCiphertext = entity.secretCiphertext;
    entity.previousSecretExpiresAt = expiresAt;
    let secret = '';
    if (entity.signingScheme === 'ed25519') {
      const pair = generateEd25519KeyPair();
      entity.secretCiphertext = this.cipher.encrypt(pair.privateKey, entity.id);
      entity.publicKey = pair.publicKey;
    } else {
      secret = generateWebhookSecret();
      entity.secretCiphertext = this.cipher.encrypt(secret, entity.id);
    }
    await this.dataSource.getRepository(WebhookEndpointEntity).save(entity);
    this.logger.log({ msg: 'webhook endpoint secret rotated', endpointId, orgId: identity.orgId, expiresAt });
    return { secret, publicKey: entity.publicKey, previousSecretExpiresAt: expiresAt };
  }

  private async load(identity: CallerIdentity, endpointId: string): Promise<WebhookEndpointEntity> {
    const entity = await this.dataSource
      .getRepository(WebhookEndpointEntity)
      .findOneBy({ id: endpointId, orgId: identity.orgId, deletedAt: IsNull() });
    if (!entity) {
      throw new WebhookException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${endpointId} not found`);
    }
    return entity;
  }
}
