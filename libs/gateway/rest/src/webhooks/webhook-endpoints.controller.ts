import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import {
  CreateWebhookEndpointRequestSchema,
  ListWebhookEndpointsQuerySchema,
  webhookEndpointIdField,
  type CreateWebhookEndpointRequest,
} from './create-webhook-endpoint.request.js';
import { CreateWebhookEndpointUseCase } from './create-webhook-endpoint.usecase.js';
import { DeleteWebhookEndpointUseCase } from './delete-webhook-endpoint.usecase.js';
import { GetWebhookEndpointUseCase } from './get-webhook-endpoint.usecase.js';
import { ListWebhookEndpointsUseCase } from './list-webhook-endpoints.usecase.js';
import { UpdateWebhookEndpointRequestSchema, type UpdateWebhookEndpointRequest } from './update-webhook-endpoint.request.js';
import { UpdateWebhookEndpointUseCase } from './update-webhook-endpoint.usecase.js';
import {
  CreatedWebhookEndpointViewSchema,
  WebhookEndpointListViewSchema,
  WebhookEndpointViewSchema,
  type CreatedWebhookEndpointView,
  type WebhookEndpointListView,
  type WebhookEndpointView,
} from './webhook-endpoint.view.js';

@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks/endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly createEndpoint: CreateWebhookEndpointUseCase,
    private readonly listEndpoints: ListWebhookEndpointsUseCase,
    private readonly getEndpoint: GetWebhookEndpointUseCase,
    private readonly updateEndpoint: UpdateWebhookEndpointUseCase,
    private readonly deleteEndpoint: DeleteWebhookEndpointUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Subscribe an endpoint to events',
    description: 'The response carries the signing secret; it is not shown again.',
  })
  @ApiBody({ schema: openApiSchema(CreateWebhookEndpointRequestSchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(CreatedWebhookEndpointViewSchema) })
  @ApiProblemResponses(400, 401, 403, 409, 415, 429, 503, 504)
  create(
    @Body(new ZodValidationPipe(CreateWebhookEndpointRequestSchema)) body: CreateWebhookEndpointRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<CreatedWebhookEndpointView> {
    return this.createEndpoint.execute(body, caller);
  }

  @Get()
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'List webhook endpoints' })
  @ApiQuery({ name: 'projectId', required: false })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookEndpointListViewSchema) })
  @ApiProblemResponses(400, 401, 403, 429, 503, 504)
  list(
    @Query(new ZodValidationPipe(ListWebhookEndpointsQuerySchema)) query: { projectId?: string },
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookEndpointListView> {
    return this.listEndpoints.execute(query.projectId, caller);
  }

  @Get(':id')
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'Get a webhook endpoint and its delivery settings' })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookEndpointViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  get(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookEndpointView> {
    return this.getEndpoint.execute(id, caller);
  }

  @Patch(':id')
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Change a webhook endpoint',
    description: 'Only the fields sent change. `enabled: true` re-enables an endpoint that was disabled.',
  })
  @ApiBody({ schema: openApiSchema(UpdateWebhookEndpointRequestSchema, 'input') })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookEndpointViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 415, 429, 503, 504)
  update(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @Body(new ZodValidationPipe(UpdateWebhookEndpointRequestSchema)) body: UpdateWebhookEndpointRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookEndpointView> {
    return this.updateEndpoint.execute(id, body, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('webhooks:write')
  @ApiOperation({ summary: 'Delete a webhook endpoint', description: 'Deliveries stop; its attempt log stays readable.' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  async remove(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<void> {
    await this.deleteEndpoint.execute(id, caller);
  }
}
