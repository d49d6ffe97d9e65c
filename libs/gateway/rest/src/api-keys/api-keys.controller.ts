import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { CreateApiKeyUseCase, ListApiKeysUseCase, RevokeApiKeyUseCase } from '@so/gateway-identity';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import {
  ApiKeyListViewSchema,
  CreateApiKeyRequestSchema,
  CreatedApiKeyViewSchema,
  ListApiKeysQuerySchema,
  toApiKeyView,
  toCreatedApiKeyView,
  type ApiKeyView,
  type CreateApiKeyRequest,
  type CreatedApiKeyView,
} from './api-key.views.js';

/**
 * API keys of the caller's organisation. Keys are issued by keys: a CI pipeline gets its own key with
 * only `analyses:write`, a dashboard one with `analyses:read`, and each can be revoked alone.
 */
@ApiTags('api-keys')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly createKey: CreateApiKeyUseCase,
    private readonly listKeys: ListApiKeysUseCase,
    private readonly revokeKey: RevokeApiKeyUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('keys:write')
  @ApiOperation({
    summary: 'Issue an API key',
    description: 'The response carries the key once. Its scopes cannot exceed those of the calling key (403 IDENTITY.SCOPE_ESCALATION).',
  })
  @ApiBody({ schema: openApiSchema(CreateApiKeyRequestSchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(CreatedApiKeyViewSchema) })
  @ApiProblemResponses(400, 401, 403, 415, 429, 503)
  async create(
    @Body(new ZodValidationPipe(CreateApiKeyRequestSchema)) body: CreateApiKeyRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<CreatedApiKeyView> {
    const issued = await this.createKey.execute({
      orgId: caller.identity.orgId,
      name: body.name,
      scopes: body.scopes,
      grantorScopes: caller.identity.scopes,
    });
    return toCreatedApiKeyView(issued);
  }

  @Get()
  @RequireScope('keys:read')
  @ApiOperation({ summary: "List the organisation's API keys (never their secrets)" })
  @ApiQuery({ name: 'includeRevoked', required: false, enum: ['true', 'false'] })
  @ApiResponse({ status: 200, schema: openApiSchema(ApiKeyListViewSchema) })
  @ApiProblemResponses(400, 401, 403, 429, 503)
  async list(
    @Query(new ZodValidationPipe(ListApiKeysQuerySchema)) query: { includeRevoked?: 'true' | 'false' },
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<{ items: ApiKeyView[] }> {
    const keys = await this.listKeys.execute(caller.identity.orgId, { includeRevoked: query.includeRevoked === 'true' });
    return { items: keys.map(toApiKeyView) };
  }

  @Delete(':keyId')
  @HttpCode(204)
  @RequireScope('keys:write')
  @ApiOperation({
    summary: 'Revoke an API key',
    description: 'Stops working at once on this gateway and within seconds on every replica. Idempotent.',
  })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503)
  async revoke(
    @Param('keyId', new ZodValidationPipe(uuidField(), 'keyId')) keyId: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<void> {
    await this.revokeKey.execute(caller.identity.orgId, keyId);
  }
}
