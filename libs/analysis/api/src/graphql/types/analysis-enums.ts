import { registerEnumType } from '@nestjs/graphql';

/** GraphQL enums (values in SCREAMING_CASE as GraphQL clients expect); mapped from the domain values. */
export enum AnalysisStatusValue {
  PENDING = 'PENDING',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export enum FindingSeverityValue {
  CRITICAL = 'critical',
  HIGH = 'high',
  MEDIUM = 'medium',
  LOW = 'low',
  INFO = 'info',
}

export enum FindingStatusValue {
  OPEN = 'open',
  FALSE_POSITIVE = 'false_positive',
  ACCEPTED_RISK = 'accepted_risk',
  FIXED = 'fixed',
}

registerEnumType(AnalysisStatusValue, { name: 'AnalysisStatus', description: 'Lifecycle of a security analysis.' });
registerEnumType(FindingSeverityValue, { name: 'FindingSeverity' });
registerEnumType(FindingStatusValue, { name: 'FindingStatus', description: 'Triage state of a finding.' });
