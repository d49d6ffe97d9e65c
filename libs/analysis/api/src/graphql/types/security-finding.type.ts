import { Field, ID, ObjectType } from '@nestjs/graphql';
import { FindingSeverityValue, FindingStatusValue } from './analysis-enums.js';
import { AiAssessmentType } from './ai-assessment.type.js';
import { FindingEvidenceType } from './finding-evidence.type.js';
import { FindingOccurrenceValue } from './finding-occurrence.enum.js';
import { FindingLocationType } from './finding-location.type.js';

@ObjectType('SecurityFinding')
export class SecurityFindingType {
  @Field(() => ID)
  id!: string;

  @Field()
  ruleId!: string;

  @Field()
  title!: string;

  @Field({ description: 'OWASP API Security Top 10 (2023) category id, e.g. API8:2023.' })
  category!: string;

  @Field({ description: 'Name of the OWASP category, e.g. Security Misconfiguration.' })
  categoryName!: string;

  @Field()
  cweId!: string;

  @Field(() => FindingSeverityValue)
  severity!: FindingSeverityValue;

  @Field()
  description!: string;

  @Field()
  recommendation!: string;

  @Field(() => FindingLocationType)
  location!: FindingLocationType;

  @Field(() => FindingEvidenceType, { nullable: true })
  evidence!: FindingEvidenceType | null;

  @Field({ description: 'Stable across analyses for the same flaw at the same place.' })
  fingerprint!: string;

  @Field(() => FindingStatusValue)
  status!: FindingStatusValue;

  @Field(() => String, { nullable: true, description: 'Why the status was set (given, or inherited from an earlier run).' })
  statusReason!: string | null;

  @Field(() => String, { nullable: true, description: 'API key that set the status.' })
  statusChangedBy!: string | null;

  @Field(() => Date, { nullable: true })
  statusChangedAt!: Date | null;

  @Field(() => FindingOccurrenceValue, {
    nullable: true,
    description: 'New or recurring since the previous analysis of the same target; final once the analysis completed.',
  })
  occurrence!: FindingOccurrenceValue | null;

  @Field(() => AiAssessmentType, { nullable: true, description: 'Set when the analysis ran with enableAiAnalysis.' })
  aiAssessment!: AiAssessmentType | null;

  @Field()
  createdAt!: Date;
}
