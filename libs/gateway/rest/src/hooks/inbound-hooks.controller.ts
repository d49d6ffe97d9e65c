import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RateLimitExceededException } from '@so/gateway-auth';
import { FixedWindowRateLimiter } from '@so/shared';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { ProblemSchema } from '../common/problem.schema.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { RawBodyRoute } from '../http/raw-body-route.js';
import { inboundSourceIdField } from '../webhooks/inbound-source.request.js';
import { InboundReceiptViewSchema, type InboundReceiptView } from '../webhooks/inbound-source.view.js';
import { RelayInboundHookUseCase } from './relay-inbound-hook.usecase.js';

/** Inbound webhook bodies above this are refused with 413 (GitHub's largest common payloads fit easily). */
export const INBOUND_HOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

const PROBLEM = { 'application/problem+json': { schema: openApiSchema(ProblemSchema) } };

@ApiTags('webhooks')
@Controller('api/v1/hooks/inbound')
export class InboundHooksController {
  constructor(
    private readonly relay: RelayInboundHookUseCase,
    private readonly rateLimiter: FixedWindowRateLimiter,
  ) {}

  @Post(':sourceId')
  @HttpCode(200)
  @RawBodyRoute({ limitBytes: INBOUND_HOOK_BODY_LIMIT_BYTES, access: { public: true } })
  @ApiOperation({
    summary: 'Receive a webhook from a registered inbound source',
    description:
      "No API key: the sender proves itself with the source's signature scheme, checked over the exact bytes sent " +
      '(standard-webhooks: webhook-id/webhook-timestamp/webhook-signature; github: X-Hub-Signature-256 with ' +
      'X-GitHub-Delivery as event id; hmac-header: the configured header with x-timestamp and x-event-id). ' +
      'A repeated event id is acknowledged with `duplicate: true` and not processed again. JSON bodies only, at most 5 MiB.',
  })
  @ApiParam({ name: 'sourceId', description: 'The inbound source id (see POST /api/v1/webhooks/inbound-sources)' })
  @ApiBody({ description: 'The JSON event as the sender signed it', schema: { type: 'object' } })
  @ApiResponse({ status: 200, schema: openApiSchema(InboundReceiptViewSchema) })
  @ApiResponse({ status: 401, description: 'The signature does not verify (WEBHOOK.INBOUND_BAD_SIGNATURE)', content: PROBLEM })
  @ApiResponse({ status: 413, description: 'The body is larger than 5 MiB', content: PROBLEM })
  @ApiProblemResponses(400, 404, 415, 429, 503, 504)
  async receive(
    @Param('sourceId', new ZodValidationPipe(inboundSourceIdField(), 'sourceId')) sourceId: string,
    @Body() body: Buffer | undefined,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InboundReceiptView> {
    // No API key here, so the per-key quota does not apply: each source gets the same quota of its
    // own, which also bounds how much signature checking an anonymous sender can make us do.
    const decision = await this.rateLimiter.consume(`inbound-source:${sourceId}`);
    void reply.header('ratelimit-limit', String(decision.limit));
    void reply.header('ratelimit-remaining', String(decision.remaining));
    void reply.header('ratelimit-reset', String(decision.resetSeconds));
    if (!decision.allowed) throw new RateLimitExceededException(decision);
    return this.relay.execute(sourceId, body, headers);
  }
}
