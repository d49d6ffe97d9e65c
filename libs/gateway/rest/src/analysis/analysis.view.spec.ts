import { describe, expect, it } from '@jest/globals';
import { orchestratorProto } from '@so/contracts';
import { toAcceptedAnalysisView, toAnalysisView } from './analysis.view.js';

const base: orchestratorProto.SecurityAnalysisResponse = {
  analysisId: 'a-1',
  projectId: 'shop api',
  status: orchestratorProto.AnalysisStatus.IN_PROGRESS,
  findings: [],
  metrics: undefined,
  errorMessage: '',
  createdAt: '2026-11-27T10:00:00.000Z',
  completedAt: '',
};

describe('analysis views', () => {
  it('names the status and turns proto3 empty strings into null', () => {
    expect(toAnalysisView(base)).toMatchObject({
      status: 'IN_PROGRESS',
      metrics: null,
      errorMessage: null,
      completedAt: null,
      createdAt: base.createdAt,
    });
  });

  it('reports an enum value it does not know as UNKNOWN instead of failing', () => {
    expect(toAnalysisView({ ...base, status: 42 as orchestratorProto.AnalysisStatus }).status).toBe('UNKNOWN');
  });

  it('builds links with encoded path segments', () => {
    expect(toAcceptedAnalysisView(base).links).toEqual({
      self: '/api/v1/projects/shop%20api/analysis/a-1',
      cancel: '/api/v1/analyses/a-1/cancel',
    });
  });

  it('maps triage, occurrence, AI assessment and the comparison, with null where unset', () => {
    const finding: orchestratorProto.SecurityFinding = {
      id: 'f-1',
      category: 'Security Misconfiguration',
      severity: 'high',
      description: 'd',
      location: 'GET http://t/',
      recommendation: 'r',
      cweId: 'CWE-942',
      owaspCategory: 'API8:2023',
      title: 't',
      ruleId: 'http.cors.origin-reflected-with-credentials',
      evidence: '',
      fingerprint: 'fp',
      status: 'false_positive',
      statusReason: 'CDN',
      statusChangedBy: 'key-1',
      statusChangedAt: '2026-11-27T10:00:00.000Z',
      occurrence: 'recurring',
      aiAssessment: { explanation: 'e', priority: 2, model: 'm', assessedAt: '2026-11-27T10:00:00.000Z' },
    };
    const reference = { findingId: 'f-0', fingerprint: 'old', ruleId: 'r', title: 't', severity: 'low', category: 'API8:2023' };
    const view = toAnalysisView({
      ...base,
      findings: [finding, { ...finding, id: 'f-2', status: undefined, occurrence: undefined, aiAssessment: undefined }],
      comparison: {
        previousAnalysisId: '',
        newCount: 0,
        fixedCount: 1,
        remainingCount: 1,
        newFindings: [],
        fixedFindings: [reference],
        remainingFindings: [],
      },
    });
    expect(view.findings[0]).toMatchObject({ status: 'false_positive', statusReason: 'CDN', occurrence: 'recurring', evidence: null });
    expect(view.findings[0]?.aiAssessment).toEqual(finding.aiAssessment);
    expect(view.findings[1]).toMatchObject({ status: null, occurrence: null, aiAssessment: null });
    expect(view.comparison).toEqual({
      previousAnalysisId: null,
      newCount: 0,
      fixedCount: 1,
      remainingCount: 1,
      new: [],
      fixed: [reference],
      remaining: [],
    });
    expect(toAnalysisView(base).comparison).toBeNull();
  });
});
