import { Field, ID, ObjectType } from '@nestjs/graphql';
import { FindingSeverityValue, FindingStatusValue } from './analysis-enums.js';
import { FindingEvidenceType } from './finding-evidence.type.js';
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

  @Field()
  createdAt!: Date;
}
