import { Inject, Injectable } from '@nestjs/common';
import { IntegrationRepository, type IntegrationEntity, type IntegrationStatusName } from '@so/integration-data-access';
import { DomainException, type CallerIdentity, type FieldViolation } from '@so/shared';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ConnectorSettingsValidator } from './connector-settings.validator.js';
import { CredentialsCipher } from './credentials.cipher.js';
import { createIntegrationSchema, integrationIdSchema } from './integration-input.schema.js';
import { IntegrationStatusReader } from './integration-status.reader.js';

/** What callers see of an integration (never its credentials). */
export interface IntegrationView {
  id: string;
  status: IntegrationStatusName;
  message: string;
  lastCheckedAt: Date | null;
}

/** Creating integrations and reading their status, always within the caller's org. */
@Injectable()
export class IntegrationService {
  constructor(
    private readonly integrations: IntegrationRepository,
    @Inject(CredentialsCipher) private readonly cipher: CredentialsCipher,
    private readonly settings: ConnectorSettingsValidator,
    private readonly statuses: IntegrationStatusReader,
  ) {}

  /**
   * Stores the integration with its credentials encrypted. It starts INACTIVE: no connector has
   * checked the external system yet, and the status says so rather than pretending it is ACTIVE.
   */
  async create(identity: CallerIdentity, request: unknown): Promise<IntegrationView> {
    const input = parse(createIntegrationSchema, request);
    await this.settings.validate(input.type, input.config, input.credentials);
    const id = randomUUID();
    const hasCredentials = Object.keys(input.credentials).length > 0;
    const row: Omit<IntegrationEntity, 'createdAt' | 'updatedAt'> = {
      id,
      orgId: identity.orgId,
      projectId: input.projectId,
      name: input.name,
      type: input.type,
      config: input.config,
      credentialsCiphertext: hasCredentials ? this.cipher.encrypt(JSON.stringify(input.credentials), associatedData(identity.orgId, id)) : null,
      status: 'INACTIVE',
      statusMessage: 'created; not yet checked by a connector',
      lastCheckedAt: null,
    };
    if (!(await this.integrations.insert(row))) {
      throw new DomainException(
        'ALREADY_EXISTS',
        'INTEGRATION.ALREADY_EXISTS',
        `project ${input.projectId} already has an integration named "${input.name}"`,
      );
    }
    return { id, status: row.status, message: row.statusMessage, lastCheckedAt: null };
  }

  async getStatus(identity: CallerIdentity, integrationId: unknown): Promise<IntegrationView> {
    const id = integrationIdSchema.safeParse(integrationId);
    if (!id.success) {
      throw new DomainException('INVALID_ARGUMENT', 'INTEGRATION.INVALID_ID', 'integration_id must be a UUID', [
        { field: 'integration_id', description: 'must be a UUID' },
      ]);
    }
    const found = await this.statuses.find(identity.orgId, id.data);
    if (!found) throw new DomainException('NOT_FOUND', 'INTEGRATION.NOT_FOUND', `integration ${id.data} not found`);
    return found;
  }
}

/** Binds a credentials ciphertext to its row. */
export function associatedData(orgId: string, integrationId: string): string {
  return `${orgId}:${integrationId}`;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  const violations: FieldViolation[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'request',
    description: issue.message,
  }));
  throw new DomainException(
    'INVALID_ARGUMENT',
    'INTEGRATION.INVALID_REQUEST',
    violations.map((v) => `${v.field}: ${v.description}`).join('; '),
    violations,
  );
}
