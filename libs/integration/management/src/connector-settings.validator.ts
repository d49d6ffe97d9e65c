import { Inject, Injectable } from '@nestjs/common';
import { hasConnector, outboundUrls, parseConnectorSettings } from '@so/integration-connectors';
import { DomainException, OutboundAddressGuard, OutboundRefusedError, type FieldViolation } from '@so/shared';
import { INTEGRATION_MANAGEMENT_OPTIONS, type IntegrationManagementOptions } from './integration-management.options.js';

/** Why a type the API names has no connector, and what to do instead. */
const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
  // A source of OpenAPI documents, not a push target; nothing in the platform would read from it.
  spec_source:
    'spec_source is not supported yet: the platform does not fetch OpenAPI documents from an integration; ' +
    'send the document with the analysis (openapiSpec / openapi_spec) instead',
};

/**
 * Checks an integration's config and credentials against its connector before anything is stored:
 * required and unknown keys, formats, and that every URL the connector will call resolves to an
 * address the service may reach (INTEGRATION_ALLOWLIST). A type without a connector is refused: stored,
 * it would sit INACTIVE forever while its owner believes it works.
 */
@Injectable()
export class ConnectorSettingsValidator {
  private readonly guard: OutboundAddressGuard;

  constructor(@Inject(INTEGRATION_MANAGEMENT_OPTIONS) options: IntegrationManagementOptions) {
    this.guard = new OutboundAddressGuard(options.outboundAllowlist ?? [], 'INTEGRATION_ALLOWLIST');
  }

  async validate(type: string, config: Record<string, string>, credentials: Record<string, string>): Promise<void> {
    if (!hasConnector(type)) {
      const reason = UNSUPPORTED_TYPES[type] ?? `${type} integrations are not supported`;
      throw new DomainException('INVALID_ARGUMENT', 'INTEGRATION.UNSUPPORTED_TYPE', `type: ${reason}`, [{ field: 'type', description: reason }]);
    }
    const parsed = parseConnectorSettings(type, config, credentials);
    const violations: FieldViolation[] = 'violations' in parsed ? parsed.violations : [];
    if ('settings' in parsed) {
      for (const target of outboundUrls(type, parsed.settings)) {
        const problem = await this.addressProblem(target.url);
        if (problem) violations.push({ field: target.field, description: problem });
      }
    }
    if (violations.length > 0) {
      throw new DomainException(
        'INVALID_ARGUMENT',
        'INTEGRATION.INVALID_SETTINGS',
        violations.map((v) => `${v.field}: ${v.description}`).join('; '),
        violations,
      );
    }
  }

  private async addressProblem(url: string): Promise<string | undefined> {
    try {
      await this.guard.resolve(new URL(url).hostname);
      return undefined;
    } catch (error) {
      if (error instanceof OutboundRefusedError) return `resolves to a ${error.range} address (${error.address}); an operator can allow it with INTEGRATION_ALLOWLIST`;
      if ((error as NodeJS.ErrnoException).code === 'ENOTFOUND') return 'the host name does not resolve';
      // A transient DNS failure is no reason to refuse the configuration; the push reports it later.
      return undefined;
    }
  }
}
