import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope, type AuthenticatedCaller } from '@so/gateway-auth';
import { ApiProblemResponses } from '../common/api-problem-responses.decorator.js';
import { openApiSchema } from '../common/openapi-schema.js';
import { projectIdField, uuidField } from '../common/request-fields.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { FindingViewSchema, type FindingView } from './analysis.view.js';
import {
  UpdateFindingStatusRequestSchema,
  type UpdateFindingStatusRequest,
} from './update-finding-status.request.js';
import { UpdateFindingStatusUseCase } from './update-finding-status.usecase.js';

@ApiTags('analysis')
@ApiSecurity('bearer')
@ApiSecurity('api-key')
@Controller('api/v1')
export class FindingsController {
  constructor(private readonly updateFindingStatus: UpdateFindingStatusUseCase) {}

  @Patch('projects/:projectId/findings/:findingId')
  @RequireScope('analyses:write')
  @ApiOperation({
    summary: 'Triage a finding',
    description:
      'Sets the status (open, false_positive, accepted_risk, fixed) with an optional reason. The decision ' +
      'carries over: later analyses of the project that report the same flaw (same fingerprint) keep a ' +
      'false positive or accepted risk suppressed, and reopen a flaw reported fixed that shows up again.',
  })
  @ApiBody({ schema: openApiSchema(UpdateFindingStatusRequestSchema, 'input') })
  @ApiResponse({ status: 200, schema: openApiSchema(FindingViewSchema) })
  @ApiProblemResponses(400, 401, 403, 404, 415, 429, 503, 504)
  update(
    @Param('projectId', new ZodValidationPipe(projectIdField(), 'projectId')) projectId: string,
    @Param('findingId', new ZodValidationPipe(uuidField(), 'findingId')) findingId: string,
    @Body(new ZodValidationPipe(UpdateFindingStatusRequestSchema)) body: UpdateFindingStatusRequest,
    @CurrentCaller() caller: AuthenticatedCaller,
  ): Promise<FindingView> {
    return this.updateFindingStatus.execute(projectId, findingId, body, caller);
  }
}
