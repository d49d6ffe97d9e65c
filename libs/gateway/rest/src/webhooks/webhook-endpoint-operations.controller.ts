import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { webhookEndpointIdField } from './create-webhook-endpoint.request.js';
import { GetWebhookEndpointStatsUseCase } from './get-webhook-endpoint-stats.usecase.js';
import { QueryWebhookDeliveriesUseCase } from './query-webhook-deliveries.usecase.js';
import { ReplayWebhookMessagesUseCase } from './replay-webhook-messages.usecase.js';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.usecase.js';
import { SendWebhookTestEventUseCase } from './send-webhook-test-event.usecase.js';
import {
  RotateWebhookSecretRequestSchema,
  type RotateWebhookSecretRequest,
} from './update-webhook-endpoint.request.js';
import {
  AttemptPageQuerySchema,
  RecoverMessagesRequestSchema,
  type AttemptPageQuery,
  type RecoverMessagesRequest,
} from './webhook-delivery.request.js';
import {
  RequeuedViewSchema,
  WebhookAttemptPageViewSchema,
  WebhookMessageViewSchema,
  type RequeuedView,
  type WebhookAttemptPageView,
  type WebhookMessageView,
} from './webhook-delivery.view.js';
import { WebhookEndpointStatsViewSchema, type WebhookEndpointStatsView } from './webhook-endpoint-stats.view.js';
import {
  EndpointStatsQuerySchema,
  SendTestEventRequestSchema,
  type EndpointStatsQuery,
  type SendTestEventRequest,
} from './webhook-endpoint-tools.request.js';
import { RotatedWebhookSecretViewSchema, type RotatedWebhookSecretView } from './webhook-endpoint.view.js';

/**
 * What a partner does with one endpoint besides editing it: rotate its secret, recover failures, read
 * its attempt log and statistics, send it a test event.
 */
@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks/endpoints/:id')
export class WebhookEndpointOperationsController {
  constructor(
    private readonly rotateSecret: RotateWebhookSecretUseCase,
    private readonly replay: ReplayWebhookMessagesUseCase,
    private readonly deliveries: QueryWebhookDeliveriesUseCase,
    private readonly testEvents: SendWebhookTestEventUseCase,
    private readonly endpointStats: GetWebhookEndpointStatsUseCase,
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
    @Body(new ZodValidationPipe(RotateWebhookSecretRequestSchema.optional()))
    body: RotateWebhookSecretRequest | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<RotatedWebhookSecretView> {
    return this.rotateSecret.execute(id, body ?? {}, caller);
  }

  @Post('recover')
  @HttpCode(202)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Send again the failed messages created since a time',
    description:
      'At most 10000 messages per call; call again for the rest. Refused (409) while the endpoint is disabled.',
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
    description:
      'Every attempt with its time, status, latency, response headers and the first 20 KB of the response body.',
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

  @Post('test')
  @HttpCode(202)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Send a test event to this endpoint',
    description:
      "Sends the event catalogue's example of `eventType` (default: the first type the endpoint subscribes to, else " +
      '`analysis.completed`) to this endpoint only, signed and retried like every delivery. The event `id` starts with ' +
      '`test_` (real event ids are UUIDs) and the message shows in the history with `test: true`. Answers at once with ' +
      'the pending message; follow it with GET /webhooks/messages/{id}/attempts. Refused (409) while the endpoint is disabled.',
  })
  @ApiBody({ schema: openApiSchema(SendTestEventRequestSchema, 'input'), required: false })
  @ApiResponse({ status: 202, schema: openApiSchema(WebhookMessageViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 409, 415, 429, 503, 504)
  sendTest(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @Body(new ZodValidationPipe(SendTestEventRequestSchema.optional())) body: SendTestEventRequest | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookMessageView> {
    return this.testEvents.execute(id, body?.eventType, caller);
  }

  @Get('stats')
  @RequireScope('webhooks:read')
  @ApiOperation({
    summary: "The endpoint's delivery statistics",
    description:
      'Messages created since `since` by state, attempts made since then, success rate, p50/p95 attempt latency, and the ' +
      'latest success and failure in the window.',
  })
  @ApiQuery({ name: 'since', required: false, description: 'ISO-8601 start of the window (default: 24 hours ago)' })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookEndpointStatsViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  stats(
    @Param('id', new ZodValidationPipe(webhookEndpointIdField(), 'id')) id: string,
    @Query(new ZodValidationPipe(EndpointStatsQuerySchema)) query: EndpointStatsQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookEndpointStatsView> {
    return this.endpointStats.execute(id, query.since, caller);
  }
}
