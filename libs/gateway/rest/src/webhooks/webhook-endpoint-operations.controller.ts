import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { webhookEndpointIdField } from './create-webhook-endpoint.request.js';
import { QueryWebhookDeliveriesUseCase } from './query-webhook-deliveries.usecase.js';
import { ReplayWebhookMessagesUseCase } from './replay-webhook-messages.usecase.js';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.usecase.js';
import { RotateWebhookSecretRequestSchema, type RotateWebhookSecretRequest } from './update-webhook-endpoint.request.js';
import {
  AttemptPageQuerySchema,
  RecoverMessagesRequestSchema,
  type AttemptPageQuery,
  type RecoverMessagesRequest,
} from './webhook-delivery.request.js';
import {
  RequeuedViewSchema,
  WebhookAttemptPageViewSchema,
  type RequeuedView,
  type WebhookAttemptPageView,
} from './webhook-delivery.view.js';
import { RotatedWebhookSecretViewSchema, type RotatedWebhookSecretView } from './webhook-endpoint.view.js';

/** What a partner does with one endpoint besides editing it: rotate its secret, recover failures, read its attempt log. */
@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks/endpoints/:id')
export class WebhookEndpointOperationsController {
  constructor(
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly replay: ReplayWebhookMessagesUseCase,
    private readonly deliveries: QueryWebhookDeliveriesUseCase,
  ) {}

  @Post('rotate-secret')
  @HttpCode(200)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Rotate the signing secret',
    description:
      'Returns the new secret once. Until `previousSecretExpiresAt` every delivery carries a signature with each secret (`webhook-signature: v1,<new> v1,<old>`), so the partner can switch without missing a delivery.',
  })
  @ApiBody({ schema: openApiSchema(RotateWebhookSecretRequestSchema, 'input'), required: false })
  @ApiResponse({ status: 200, schema: openApiSchema(RotatedWebhookSecretViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 415, 429, 503, 504)
  rotate(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @Body(new ZodValidationPipe(RotateWebhookSecretRequestSchema.optional())) body: RotateWebhookSecretRequest | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<RotatedWebhookSecretView> {
    return this.rotateSecret.execute(id, body ?? {}, caller);
  }

  @Post('recover')
  @HttpCode(202)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Send again the failed messages created since a time',
    description: 'At most 10000 messages per call; call again for the rest. Refused (409) while the endpoint is disabled.',
  })
  @ApiBody({ schema: openApiSchema(RecoverMessagesRequestSchema, 'input') })
  @ApiResponse({ status: 202, schema: openApiSchema(RequeuedViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 409, 415, 429, 503, 504)
  recover(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @Body(new ZodValidationPipe(RecoverMessagesRequestSchema)) body: RecoverMessagesRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<RequeuedView> {
    return this.replay.recover(id, body.since, caller);
  }

  @Get('attempts')
  @RequireScope('webhooks:read')
  @ApiOperation({
    summary: "The endpoint's attempt log, newest first",
    description: 'Every attempt with its time, status, latency, response headers and the first 20 KB of the response body.',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookAttemptPageViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  attempts(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @Query(new ZodValidationPipe(AttemptPageQuerySchema)) page: AttemptPageQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookAttemptPageView> {
    return this.deliveries.endpointAttempts(id, page, caller);
  }
}
