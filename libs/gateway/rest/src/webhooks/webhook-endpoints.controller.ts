import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { ListWebhookEndpointsUseCase } from './list-webhook-endpoints.usecase.js';
import {
  CreatedWebhookEndpointViewSchema,
  WebhookEndpointListViewSchema,
  type CreatedWebhookEndpointView,
  type WebhookEndpointListView,
} from './webhook-endpoint.view.js';

@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks/endpoints')
export class WebhookEndpointsController {
  constructor(
    private readonly createEndpoint: CreateWebhookEndpointUseCase,
    private readonly listEndpoints: ListWebhookEndpointsUseCase,
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

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('webhooks:write')
  @ApiOperation({ summary: 'Delete a webhook endpoint' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  async remove(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<void> {
    await this.deleteEndpoint.execute(id, caller);
  }
}
