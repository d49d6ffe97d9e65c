import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import {
  CreateInboundSourceRequestSchema,
  inboundSourceIdField,
  ListInboundSourcesQuerySchema,
  type CreateInboundSourceRequest,
} from './inbound-source.request.js';
import {
  CreatedInboundSourceViewSchema,
  InboundSourceListViewSchema,
  type CreatedInboundSourceView,
  type InboundSourceListView,
} from './inbound-source.view.js';
import { ManageInboundSourcesUseCase } from './manage-inbound-sources.usecase.js';

/** Senders (CI systems, Git hosts, spec registries) allowed to POST signed events to /api/v1/hooks/inbound/{id}. */
@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks/inbound-sources')
export class InboundSourcesController {
  constructor(private readonly sources: ManageInboundSourcesUseCase) {}

  @Post()
  @HttpCode(201)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Register an inbound webhook source',
    description: 'The response carries the secret the sender signs with (its own when given); it is not shown again.',
  })
  @ApiBody({ schema: openApiSchema(CreateInboundSourceRequestSchema, 'input') })
  @ApiResponse({ status: 201, schema: openApiSchema(CreatedInboundSourceViewSchema) })
  @ApiProblemResponses(400, 401, 403, 415, 429, 503, 504)
  create(
    @Body(new ZodValidationPipe(CreateInboundSourceRequestSchema)) body: CreateInboundSourceRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<CreatedInboundSourceView> {
    return this.sources.create(body, caller);
  }

  @Get()
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'List inbound webhook sources' })
  @ApiQuery({ name: 'projectId', required: false })
  @ApiResponse({ status: 200, schema: openApiSchema(InboundSourceListViewSchema) })
  @ApiProblemResponses(400, 401, 403, 429, 503, 504)
  list(
    @Query(new ZodValidationPipe(ListInboundSourcesQuerySchema)) query: { projectId?: string },
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<InboundSourceListView> {
    return this.sources.list(query.projectId, caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('webhooks:write')
  @ApiOperation({ summary: 'Delete an inbound webhook source', description: 'Its path answers 404 from then on.' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  async remove(
    @Param('id', new ZodValidationPipe(inboundSourceIdField(), 'id')) id: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<void> {
    await this.sources.remove(id, caller);
  }
}
