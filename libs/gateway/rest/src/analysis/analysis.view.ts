import { orchestratorProto } from '@so/contracts';
import { z } from 'zod';

const AiAssessmentViewSchema = z.object({
  explanation: z.string(),
  priority: z.number().int().describe('1 (fix first) to 5 (can wait)'),
  model: z.string(),
  assessedAt: z.string(),
});

export const FindingViewSchema = z.object({
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
  status: z.enum(['open', 'false_positive', 'accepted_risk', 'fixed']).nullable().describe('Triage status'),
  statusReason: z.string().nullable(),
  statusChangedBy: z.string().nullable().describe('API key that last changed the status'),
  statusChangedAt: z.string().nullable(),
  occurrence: z
    .enum(['new', 'recurring'])
    .nullable()
    .describe('Since the previous analysis of the same target; final once the analysis completed'),
  aiAssessment: AiAssessmentViewSchema.nullable().describe('Set when the analysis ran with enableAiAnalysis'),
});

const FindingReferenceSchema = z.object({
  findingId: z.string(),
  fingerprint: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: z.string(),
  category: z.string(),
});

const ComparisonViewSchema = z.object({
  previousAnalysisId: z.string().nullable().describe('Null for the first analysis of its target'),
  newCount: z.number().int(),
  fixedCount: z.number().int(),
  remainingCount: z.number().int(),
  new: z.array(FindingReferenceSchema),
  fixed: z.array(FindingReferenceSchema).describe("Findings of the previous analysis (that analysis' finding ids)"),
  remaining: z.array(FindingReferenceSchema),
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
  comparison: ComparisonViewSchema.nullable().describe('What changed since the previous analysis; set once completed'),
  links: AnalysisLinksSchema,
});

export const AcceptedAnalysisViewSchema = z.object({
  analysisId: z.string(),
  projectId: z.string(),
  status: AnalysisStatusSchema,
  links: AnalysisLinksSchema,
});

export type AnalysisView = z.infer<typeof AnalysisViewSchema>;
export type FindingView = z.infer<typeof FindingViewSchema>;
type FindingStatusName = NonNullable<FindingView['status']>;
type OccurrenceName = NonNullable<FindingView['occurrence']>;
export type AcceptedAnalysisView = z.infer<typeof AcceptedAnalysisViewSchema>;
type AnalysisStatusName = z.infer<typeof AnalysisStatusSchema>;

/** Proto → public JSON: camelCase, enum names instead of numbers, null instead of proto3's empty strings. */
export function toAnalysisView(response: orchestratorProto.SecurityAnalysisResponse): AnalysisView {
  return {
    analysisId: response.analysisId,
    projectId: response.projectId,
    status: statusName(response.status),
    findings: response.findings.map(toFindingView),
    metrics: response.metrics ? { ...response.metrics } : null,
    errorMessage: orNull(response.errorMessage),
    createdAt: orNull(response.createdAt),
    completedAt: orNull(response.completedAt),
    comparison: response.comparison
      ? {
          previousAnalysisId: orNull(response.comparison.previousAnalysisId),
          newCount: response.comparison.newCount,
          fixedCount: response.comparison.fixedCount,
          remainingCount: response.comparison.remainingCount,
          new: response.comparison.newFindings.map((reference) => ({ ...reference })),
          fixed: response.comparison.fixedFindings.map((reference) => ({ ...reference })),
          remaining: response.comparison.remainingFindings.map((reference) => ({ ...reference })),
        }
      : null,
    links: analysisLinks(response.projectId, response.analysisId),
  };
}

export function toFindingView(finding: orchestratorProto.SecurityFinding): FindingView {
  return {
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
    status: orNull(finding.status ?? '') as FindingStatusName | null,
    statusReason: orNull(finding.statusReason ?? ''),
    statusChangedBy: orNull(finding.statusChangedBy ?? ''),
    statusChangedAt: orNull(finding.statusChangedAt ?? ''),
    occurrence: orNull(finding.occurrence ?? '') as OccurrenceName | null,
    aiAssessment: finding.aiAssessment ? { ...finding.aiAssessment } : null,
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
