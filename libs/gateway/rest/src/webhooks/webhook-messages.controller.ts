import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { QueryWebhookDeliveriesUseCase } from './query-webhook-deliveries.usecase.js';
import { ReplayWebhookMessagesUseCase } from './replay-webhook-messages.usecase.js';
import {
  AttemptPageQuerySchema,
  DeadLettersQuerySchema,
  RedriveDeadLettersRequestSchema,
  webhookMessageIdField,
  type AttemptPageQuery,
  type DeadLettersQuery,
  type RedriveDeadLettersRequest,
} from './webhook-delivery.request.js';
import {
  RequeuedViewSchema,
  WebhookAttemptPageViewSchema,
  WebhookMessageListViewSchema,
  WebhookMessageViewSchema,
  type RequeuedView,
  type WebhookAttemptPageView,
  type WebhookMessageListView,
  type WebhookMessageView,
} from './webhook-delivery.view.js';

/** Messages (one event for one endpoint, identified by its `webhook-id`), their attempts, resends and the dead letters. */
@ApiTags('webhooks')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/webhooks')
export class WebhookMessagesController {
  constructor(
    private readonly deliveries: QueryWebhookDeliveriesUseCase,
    private readonly replay: ReplayWebhookMessagesUseCase,
  ) {}

  @Get('messages/:messageId')
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'Get a message and its delivery state' })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookMessageViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  message(
    @Param('messageId', new ZodValidationPipe(webhookMessageIdField(), 'messageId')) messageId: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookMessageView> {
    return this.deliveries.message(messageId, caller);
  }

  @Get('messages/:messageId/attempts')
  @RequireScope('webhooks:read')
  @ApiOperation({
    summary: "A message's attempt log, oldest first",
    description: 'Every attempt with its time, status, latency, response headers and the first 20 KB of the response body.',
  })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 200 (default 50)' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookAttemptPageViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 429, 503, 504)
  attempts(
    @Param('messageId', new ZodValidationPipe(webhookMessageIdField(), 'messageId')) messageId: string,
    @Query(new ZodValidationPipe(AttemptPageQuerySchema)) page: AttemptPageQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookAttemptPageView> {
    return this.deliveries.messageAttempts(messageId, page, caller);
  }

  @Post('messages/:messageId/resend')
  @HttpCode(202)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Send a delivered or failed message again',
    description: 'Same `webhook-id`, fresh retry budget. Refused (409) while the message is still being delivered or its endpoint is disabled.',
  })
  @ApiResponse({ status: 202, schema: openApiSchema(WebhookMessageViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 409, 429, 503, 504)
  resend(
    @Param('messageId', new ZodValidationPipe(webhookMessageIdField(), 'messageId')) messageId: string,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookMessageView> {
    return this.replay.resend(messageId, caller);
  }

  @Get('dead-letters')
  @RequireScope('webhooks:read')
  @ApiOperation({ summary: 'Messages whose retries are exhausted, newest first' })
  @ApiQuery({ name: 'endpointId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000 (default 100)' })
  @ApiResponse({ status: 200, schema: openApiSchema(WebhookMessageListViewSchema) })
  @ApiProblemResponses(400, 401, 403, 429, 503, 504)
  deadLetters(
    @Query(new ZodValidationPipe(DeadLettersQuerySchema)) query: DeadLettersQuery,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<WebhookMessageListView> {
    return this.deliveries.deadLetters(query, caller);
  }

  @Post('dead-letters/redrive')
  @HttpCode(202)
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Send the dead letters again',
    description: 'Of one endpoint, or of every enabled endpoint of the org. At most 10000 per call.',
  })
  @ApiBody({ schema: openApiSchema(RedriveDeadLettersRequestSchema, 'input'), required: false })
  @ApiResponse({ status: 202, schema: openApiSchema(RequeuedViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 409, 415, 429, 503, 504)
  redrive(
    @Body(new ZodValidationPipe(RedriveDeadLettersRequestSchema.optional())) body: RedriveDeadLettersRequest | undefined,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<RequeuedView> {
    return this.replay.redrive(body?.endpointId, caller);
  }
}
