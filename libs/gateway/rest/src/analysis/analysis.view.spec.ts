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
});
