import { Injectable, Logger } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import { generateEd25519KeyPair, SecretCipher, WebhookException } from '@so/webhook-common';
import { WebhookEndpointEntity } from '@so/webhook-data-access';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type FindOptionsWhere } from 'typeorm';
import { validateCreateEndpoint, validateEndpointId, validateProjectFilter } from './endpoint-input.validator.js';
import type { CreatedEndpoint, CreateEndpointCommand, WebhookEndpointView } from './endpoint.model.js';
import { toEndpointView } from './webhook-endpoint.mapper.js';
import { generateWebhookSecret } from './webhook-secret.js';

/** Endpoint management use cases; every read and write is scoped to the caller's org. */
@Injectable()
export class WebhookEndpointService {
  private readonly logger = new Logger(WebhookEndpointService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  async create(identity: CallerIdentity, command: CreateEndpointCommand): Promise<CreatedEndpoint> {
    const input = validateCreateEndpoint(command);
    const entity = new WebhookEndpointEntity();
    entity.id = randomUUID();
    entity.orgId = identity.orgId;
    entity.projectId = input.projectId;
    entity.url = input.url;
    entity.eventTypes = input.eventTypes;
    entity.description = input.description;
    entity.enabled = true;
    entity.rateLimitPerSecond = input.rateLimitPerSecond;
    entity.headers = input.headers;
    entity.filter = input.filter;
    entity.signingScheme = input.signingScheme;
    entity.ordered = input.ordered;
    let secret = '';
    if (input.signingScheme === 'ed25519') {
      const pair = generateEd25519KeyPair();
      entity.secretCiphertext = this.cipher.encrypt(pair.privateKey, entity.id);
      entity.publicKey = pair.publicKey;
    } else {
      secret = generateWebhookSecret();
      entity.secretCiphertext = this.cipher.encrypt(secret, entity.id);
      entity.publicKey = null;
    }
    entity.previousSecretCiphertext = null;
    entity.previousSecretExpiresAt = null;
    entity.failingSince = null;
    entity.consecutiveFailures = 0;
    entity.failureWarnedAt = null;
    entity.disabledAt = null;
    entity.disabledReason = null;
    entity.deletedAt = null;
    const saved = await this.dataSource.getRepository(WebhookEndpointEntity).save(entity);
    this.logger.log({
      msg: 'webhook endpoint created',
      endpointId: saved.id,
      orgId: saved.orgId,
      eventTypes: saved.eventTypes,
    });
    return { endpoint: toEndpointView(saved), secret };
  }

  async list(identity: CallerIdentity, projectId?: string | null): Promise<WebhookEndpointView[]> {
    const project = validateProjectFilter(projectId);
    const where: FindOptionsWhere<WebhookEndpointEntity> = { orgId: identity.orgId, deletedAt: IsNull() };
    if (project !== null) where.projectId = project;
    const rows = await this.dataSource.getRepository(WebhookEndpointEntity).find({
      where,
      order: { createdAt: 'ASC', id: 'ASC' },
      take: 1000,
    });
    return rows.map(toEndpointView);
  }

  async get(identity: CallerIdentity, id: string): Promise<WebhookEndpointView> {
    const endpointId = validateEndpointId(id);
    const entity = await this.dataSource
      .getRepository(WebhookEndpointEntity)
      .findOneBy({ id: endpointId, orgId: identity.orgId, deletedAt: IsNull() });
    if (!entity) {
      throw new WebhookException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${endpointId} not found`);
    }
    return toEndpointView(entity);
  }

  /** Soft delete: stops deliveries at once and keeps the attempt log readable. */
  async delete(identity: CallerIdentity, id: string): Promise<void> {
    const endpointId = validateEndpointId(id);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(WebhookEndpointEntity)
      .set({ deletedAt: () => 'now()', enabled: false })
      .where('id = :id AND org_id = :orgId AND deleted_at IS NULL', { id: endpointId, orgId: identity.orgId })
      .execute();
    if (!result.affected) {
      throw new WebhookException('NOT_FOUND', 'WEBHOOK.ENDPOINT_NOT_FOUND', `webhook endpoint ${endpointId} not found`);
    }
    this.logger.log({ msg: 'webhook endpoint deleted', endpointId, orgId: identity.orgId });
  }
}
