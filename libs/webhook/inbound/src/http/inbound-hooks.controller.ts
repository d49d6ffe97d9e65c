import { Controller, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InboundReceiveService } from '../inbound-receive.service.js';
import type { InboundReceipt } from '../inbound-source.model.js';

/**
 * `POST /hooks/inbound/{sourceId}`: public (the gateway routes `/api/v1/hooks/inbound/{sourceId}` here);
 * the sender authenticates by signature, so no caller identity is required.
 */
@Controller('hooks/inbound')
export class InboundHooksController {
  constructor(private readonly inbound: InboundReceiveService) {}

  @Post(':sourceId')
  @HttpCode(200)
  async receive(@Param('sourceId') sourceId: string, @Req() request: RawBodyRequest<FastifyRequest>): Promise<InboundReceipt> {
    return this.inbound.receive({
      sourceId,
      headers: request.headers,
      rawBody: request.rawBody,
      contentType: request.headers['content-type'],
    });
  }
}
