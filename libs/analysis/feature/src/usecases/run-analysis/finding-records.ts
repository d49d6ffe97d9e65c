import type { EngineFinding } from '@so/analysis-engine';
import type { FindingLocationRecord, FindingStatus, NewFinding } from '@so/analysis-data-access';
import { createDomainEvent, type DomainEvent } from '@so/contracts';
import type { RunContext } from './run-context.js';

export function toNewFinding(context: RunContext, finding: EngineFinding): NewFinding {
  return {
    orgId: context.orgId,
    analysisId: context.analysisId,
    ruleId: finding.ruleId,
    title: finding.title,
    category: finding.category,
    cweId: finding.cweId,
    severity: finding.severity,
    description: finding.description,
    recommendation: finding.recommendation,
    location: finding.location,
    evidence: finding.evidence ?? null,
    fingerprint: finding.fingerprint,
  };
}

export function findingDetectedEvent(
  context: RunContext,
  findingId: string,
  finding: NewFinding,
  status: FindingStatus,
): DomainEvent<'finding.detected'> {
  return createDomainEvent({
    type: 'finding.detected',
    orgId: context.orgId,
    projectId: context.projectKey,
    correlationId: context.correlationId,
    data: {
      analysisId: context.analysisId,
      findingId,
      ruleId: finding.ruleId,
      title: finding.title,
      severity: finding.severity,
      owaspCategory: finding.category,
      cweId: finding.cweId,
      location: describeLocation(finding.location),
      fingerprint: finding.fingerprint,
      status,
    },
  });
}

/** One line for events and the gRPC `location` field: `GET https://api/x`, or the spec pointer. */
export function describeLocation(location: FindingLocationRecord): string {
  const place = location.url ?? location.pointer ?? '';
  const line =
    location.line !== undefined ? `:${location.line}${location.column !== undefined ? `:${location.column}` : ''}` : '';
  return [location.method?.toUpperCase(), `${place}${line}`].filter((part) => part).join(' ');
}
