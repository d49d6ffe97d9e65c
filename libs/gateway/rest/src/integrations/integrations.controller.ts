import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { CreateIntegrationRequestSchema, type CreateIntegrationRequest } from './create-integration.request.js';
import { CreateIntegrationUseCase } from './create-integration.usecase.js';
import { GetIntegrationStatusUseCase } from './get-integration-status.usecase.js';
import { IntegrationStatusViewSchema, type IntegrationStatusView } from './integration-status.view.js';

@ApiTags('integrations')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(
    private readonly createIntegration: CreateIntegrationUseCase,
    private readonly getIntegrationStatus: GetIntegrationStatusUseCase,
  ) {}

  @Post('external')
  @HttpCode(201)
  @RequireScope('integrations:write')
  @ApiOperation({ summary: 'Connect an external system (jira, slack, github, generic_http)' })
  @ApiBody({ schema: openApiSchema(CreateIntegrationRequestSchema, 'input') })
  @ApiResponse({
    status: 201,
    description: '`Location` points to the status',
    schema: openApiSchema(IntegrationStatusViewSchema),
  })
  @ApiProblemResponses(400, 401, 403, 409, 415, 429, 503, 504)
  async create(
    @Body(new ZodValidationPipe(CreateIntegrationRequestSchema)) body: CreateIntegrationRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IntegrationStatusView> {
    const created = await this.createIntegration.execute(body, caller);
    void reply.header('location', created.links.status);
    return created;
  }

  @Get(':integrationId/status')
  @RequireScope('integrations:read')
  @ApiOperation({ summary: 'Get the connection status of an integration' })
  @ApiResponse({ status: 200, schema: openApiSchema(IntegrationStatusViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  status(
    @Param('integrationId', new ZodValidationPipe(uuidField(), 'integrationId')) integrationId: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<IntegrationStatusView> {
    return this.getIntegrationStatus.execute(integrationId, caller);
  }
}
