import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { z } from 'zod';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { IssueRealtimeTokenUseCase, type RealtimeToken } from './issue-realtime-token.usecase.js';

const RealtimeTokenSchema = z.object({
  token: z.string().describe('Pass as socket.io `auth: { token }`'),
  expiresInSeconds: z.number().int(),
});

@ApiTags('realtime')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1/realtime/tokens')
export class RealtimeTokensController {
  constructor(private readonly issueToken: IssueRealtimeTokenUseCase) {}

  @Post()
  @HttpCode(201)
  @RequireScope('realtime:subscribe')
  @ApiOperation({ summary: 'Issue a short-lived token for the real-time (socket.io) connection' })
  @ApiResponse({ status: 201, schema: openApiSchema(RealtimeTokenSchema) })
  @ApiProblemResponses(401, 403, 429)
  issue(@CurrentCaller() caller: AuthenticatedCaller): RealtimeToken {
    return this.issueToken.execute(caller);
  }
}
