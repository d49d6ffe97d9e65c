import { type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { IntegrationService } from '@so/integration-management';
import { DomainException, isDomainException } from '@so/shared';
import type { IntegrationGraphqlContext } from './integration-graphql.context.js';
import { CreateIntegrationInput, CreateIntegrationPayload, type IntegrationSettingInput } from './types/create-integration.types.js';
import type { IntegrationStatusValue } from './types/integration.type.js';

/** Kinds the caller can fix, answered as payload user errors; the rest stay GraphQL errors. */
const USER_ERROR_KINDS = new Set<DomainException['kind']>(['INVALID_ARGUMENT', 'ALREADY_EXISTS', 'NOT_FOUND', 'FAILED_PRECONDITION']);

@Resolver()
export class IntegrationMutationResolver implements OnModuleInit {
  private integrations!: IntegrationService;

  constructor(private readonly moduleRef: ModuleRef) {}

  /** The service belongs to IntegrationManagementModule (which also serves it over gRPC); one instance serves both. */
  onModuleInit(): void {
    this.integrations = this.moduleRef.get(IntegrationService, { strict: false });
  }

  @Mutation(() => CreateIntegrationPayload, { description: 'Connects a project to an external system; it starts INACTIVE.' })
  async createIntegration(@Args('input') input: CreateIntegrationInput, @Context() context: IntegrationGraphqlContext): Promise<CreateIntegrationPayload> {
    if (!context.identity) throw new DomainException('UNAUTHENTICATED', 'INTEGRATION.UNAUTHENTICATED', 'a verified caller identity is required');
    // As for CreateIntegration over REST and gRPC: a read-only key cannot add integrations.
    const { scopes } = context.identity;
    if (!scopes.includes('*') && !scopes.includes('integrations:write')) {
      throw new DomainException('PERMISSION_DENIED', 'AUTH.MISSING_SCOPE', 'this operation needs an API key with scope integrations:write');
    }
    try {
      const created = await this.integrations.create(context.identity, {
        projectId: input.projectId,
        name: input.name,
        type: input.type,
        config: toMap(input.config),
        credentials: toMap(input.credentials),
      });
      return {
        integration: {
          id: created.id,
          projectId: input.projectId,
          name: input.name.trim(),
          type: input.type,
          status: created.status as IntegrationStatusValue,
          statusMessage: created.message,
          lastCheckedAt: created.lastCheckedAt,
        },
        userErrors: [],
      };
    } catch (error) {
      if (!isDomainException(error) || !USER_ERROR_KINDS.has(error.kind)) throw error;
      const userErrors =
        error.violations.length === 0
          ? [{ field: null, message: error.message, code: error.code }]
          : error.violations.map((violation) => ({ field: violation.field, message: violation.description, code: error.code }));
      return { integration: null, userErrors };
    }
  }
}

/** The service takes string maps, as the gRPC API does; a key given twice keeps its last value. */
function toMap(settings: IntegrationSettingInput[] | null | undefined): Record<string, string> {
  return Object.fromEntries((settings ?? []).map((setting) => [setting.key, setting.value]));
}
