import { orchestratorProto } from '@so/contracts';
import { z } from 'zod';

const FindingViewSchema = z.object({
  id: z.string(),
  ruleId: z.string().nullable(),
  title: z.string().nullable(),
  category: z.string(),
  severity: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  recommendation: z.string().nullable(),
  cweId: z.string().nullable(),
  owaspCategory: z.string().nullable(),
  evidence: z.string().nullable(),
  fingerprint: z.string().nullable(),
});

const MetricsViewSchema = z.object({
  totalFindings: z.number().int(),
  critical: z.number().int(),
  high: z.number().int(),
  medium: z.number().int(),
  low: z.number().int(),
  info: z.number().int(),
  operationsDeclared: z.number().int(),
  operationsCovered: z.number().int(),
  score: z.number(),
  durationMs: z.number().int(),
});

const AnalysisStatusSchema = z.enum(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED', 'UNKNOWN']);

export const AnalysisLinksSchema = z.object({ self: z.string(), cancel: z.string() });

export const AnalysisViewSchema = z.object({
  analysisId: z.string(),
  projectId: z.string(),
  status: AnalysisStatusSchema,
  findings: z.array(FindingViewSchema),
  metrics: MetricsViewSchema.nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  links: AnalysisLinksSchema,
});

export const AcceptedAnalysisViewSchema = z.object({
  analysisId: z.string(),
  projectId: z.string(),
  status: AnalysisStatusSchema,
  links: AnalysisLinksSchema,
});

export type AnalysisView = z.infer<typeof AnalysisViewSchema>;
export type AcceptedAnalysisView = z.infer<typeof AcceptedAnalysisViewSchema>;
type AnalysisStatusName = z.infer<typeof AnalysisStatusSchema>;

/** Proto → public JSON: camelCase, enum names instead of numbers, null instead of proto3's empty strings. */
export function toAnalysisView(response: orchestratorProto.SecurityAnalysisResponse): AnalysisView {
  return {
    analysisId: response.analysisId,
    projectId: response.projectId,
    status: statusName(response.status),
    findings: response.findings.map((finding) => ({
      id: finding.id,
      ruleId: orNull(finding.ruleId),
      title: orNull(finding.title),
      category: finding.category,
      severity: finding.severity,
      description: finding.description,
      location: orNull(finding.location),
      recommendation: orNull(finding.recommendation),
      cweId: orNull(finding.cweId),
      owaspCategory: orNull(finding.owaspCategory),
      evidence: orNull(finding.evidence),
      fingerprint: orNull(finding.fingerprint),
    })),
    metrics: response.metrics ? { ...response.metrics } : null,
    errorMessage: orNull(response.errorMessage),
    createdAt: orNull(response.createdAt),
    completedAt: orNull(response.completedAt),
    links: analysisLinks(response.projectId, response.analysisId),
  };
}

export function toAcceptedAnalysisView(response: orchestratorProto.SecurityAnalysisResponse): AcceptedAnalysisView {
  return {
    analysisId: response.analysisId,
    projectId: response.projectId,
    status: statusName(response.status),
    links: analysisLinks(response.projectId, response.analysisId),
  };
}

export function analysisLinks(projectId: string, analysisId: string): AcceptedAnalysisView['links'] {
  const analysis = encodeURIComponent(analysisId);
  return {
    self: `/api/v1/projects/${encodeURIComponent(projectId)}/analysis/${analysis}`,
    cancel: `/api/v1/analyses/${analysis}/cancel`,
  };
}

function statusName(status: orchestratorProto.AnalysisStatus): AnalysisStatusName {
  const name = orchestratorProto.AnalysisStatus[status] as string | undefined;
  return AnalysisStatusSchema.options.includes(name as AnalysisStatusName) ? (name as AnalysisStatusName) : 'UNKNOWN';
}

function orNull(value: string): string | null {
  return value === '' ? null : value;
}
