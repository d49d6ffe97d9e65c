import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SecurityAnalysisType } from './security-analysis.type.js';
import { UserErrorType } from './user-error.type.js';

@InputType('AnalysisConfigInput', { description: 'Fields left out keep their default (start) or current value (update).' })
export class AnalysisConfigInput {
  @Field(() => Boolean, { nullable: true })
  deepScan?: boolean | null;

  @Field(() => Int, { nullable: true, description: '1..10' })
  maxDepth?: number | null;

  @Field(() => [String], { nullable: true, description: 'Rule id prefixes or OWASP categories; empty = all.' })
  vulnerabilityTypes?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  enableAiAnalysis?: boolean | null;

  @Field(() => Int, { nullable: true, description: '1..3600' })
  timeoutSeconds?: number | null;
}

@InputType('StartSecurityAnalysisInput')
export class StartSecurityAnalysisInput {
  @Field({ description: 'Project key, `^[a-z0-9][a-z0-9._-]{0,62}$`; created on first use.' })
  projectId!: string;

  @Field(() => String, { nullable: true, description: 'Live API to probe.' })
  targetUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'OpenAPI document (JSON or YAML) to audit.' })
  openapiSpec?: string | null;

  @Field(() => AnalysisConfigInput, { nullable: true })
  config?: AnalysisConfigInput | null;

  @Field(() => String, { nullable: true, description: 'Repeating a request with the same key returns the first analysis.' })
  idempotencyKey?: string | null;
}

/** Every analysis mutation answers with the analysis (when it succeeded) and the user errors. */
@ObjectType({ isAbstract: true })
abstract class AnalysisPayload {
  @Field(() => SecurityAnalysisType, { nullable: true })
  analysis!: SecurityAnalysisType | null;

  @Field(() => [UserErrorType])
  userErrors!: UserErrorType[];
}

@ObjectType('StartSecurityAnalysisPayload')
export class StartSecurityAnalysisPayload extends AnalysisPayload {}

@ObjectType('CancelAnalysisPayload')
export class CancelAnalysisPayload extends AnalysisPayload {}

@ObjectType('UpdateAnalysisConfigPayload')
export class UpdateAnalysisConfigPayload extends AnalysisPayload {}
