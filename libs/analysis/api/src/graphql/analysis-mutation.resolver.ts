import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import {
  CancelAnalysisService,
  StartAnalysisService,
  UpdateAnalysisConfigService,
} from '@so/analysis-feature';
import type { CallerIdentity } from '@so/shared';
import { toSecurityAnalysisType } from './analysis.graphql-mapper.js';
import { GqlIdentity } from './graphql-identity.decorator.js';
import { assertScope } from './required-scope.js';
import {
  AnalysisConfigInput,
  CancelAnalysisPayload,
  StartSecurityAnalysisInput,
  StartSecurityAnalysisPayload,
  UpdateAnalysisConfigPayload,
} from './types/analysis-mutation.types.js';
import { withUserErrors } from './user-errors.js';

/** The scope the gateway's REST and gRPC analysis operations require too. */
const WRITE_SCOPE = 'analyses:write';

/**
 * Analysis mutations. Problems the caller can fix (invalid input, unknown analysis, wrong state)
 * come back as `userErrors` in the payload; only failures of the platform are GraphQL errors.
 */
@Resolver()
export class AnalysisMutationResolver {
  constructor(
    private readonly startAnalysis: StartAnalysisService,
    private readonly cancel: CancelAnalysisService,
    private readonly updateConfig: UpdateAnalysisConfigService,
  ) {}

  @Mutation(() => StartSecurityAnalysisPayload, {
    description: 'Queues an analysis and answers at once (status PENDING); follow it with analysisProgress.',
  })
  async startSecurityAnalysis(
    @Args('input') input: StartSecurityAnalysisInput,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<StartSecurityAnalysisPayload> {
    assertScope(identity, WRITE_SCOPE);
    const outcome = await withUserErrors(() =>
      this.startAnalysis.execute(identity, {
        projectId: input.projectId,
        targetUrl: input.targetUrl ?? '',
        openapiSpec: input.openapiSpec ?? '',
        config: input.config ? withoutNulls(input.config) : undefined,
        idempotencyKey: input.idempotencyKey ?? '',
      }),
    );
    return { analysis: outcome.value && toSecurityAnalysisType(outcome.value), userErrors: outcome.userErrors };
  }

  @Mutation(() => CancelAnalysisPayload, { description: 'Cancelling a cancelled analysis is a no-op.' })
  async cancelAnalysis(
    @Args('id', { type: () => ID }) id: string,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<CancelAnalysisPayload> {
    assertScope(identity, WRITE_SCOPE);
    const outcome = await withUserErrors(() => this.cancel.execute(identity, id));
    return { analysis: outcome.value && toSecurityAnalysisType(outcome.value), userErrors: outcome.userErrors };
  }

  @Mutation(() => UpdateAnalysisConfigPayload, {
    description: 'Changes the options of an analysis that has not started running (PENDING).',
  })
  async updateAnalysisConfig(
    @Args('id', { type: () => ID }) id: string,
    @Args('config') config: AnalysisConfigInput,
    @GqlIdentity() identity: CallerIdentity,
  ): Promise<UpdateAnalysisConfigPayload> {
    assertScope(identity, WRITE_SCOPE);
    const outcome = await withUserErrors(() => this.updateConfig.execute(identity, id, config));
    return { analysis: outcome.value && toSecurityAnalysisType(outcome.value), userErrors: outcome.userErrors };
  }
}

/** GraphQL sends null for omitted nullable fields; the use case treats absent fields as "default". */
function withoutNulls(config: AnalysisConfigInput) {
  return {
    deepScan: config.deepScan ?? undefined,
    maxDepth: config.maxDepth ?? undefined,
    vulnerabilityTypes: config.vulnerabilityTypes ?? undefined,
    enableAiAnalysis: config.enableAiAnalysis ?? undefined,
    timeoutSeconds: config.timeoutSeconds ?? undefined,
  };
}
