import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import { serializeEventEnvelope } from '../send/webhook-signature.js';
import { fanOutParameters } from './fan-out.parameters.js';

describe(fanOutParameters.name, () => {
  const completed = createDomainEvent({
    type: 'analysis.completed',
    orgId: 'org-1',
    projectId: 'project-1',
    correlationId: 'corr-1',
    data: {
      analysisId: 'a-1',
      status: 'COMPLETED',
      findingCount: 1,
      bySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
      score: 80,
      durationMs: 12,
    },
  }) as AnyDomainEvent;
  const started = createDomainEvent({
    type: 'analysis.started',
    orgId: 'org-2',
    projectId: '',
    correlationId: 'corr-2',
    data: { analysisId: 'a-2', targetUrl: 'https://api.example.com' },
  }) as AnyDomainEvent;

  it('lists the match columns in event order, with an empty project as none', () => {
    const [ids, types, orgs, projects, , patterns, claimTimeoutMs] = fanOutParameters([completed, started], 30_000);
    expect(ids).toEqual([completed.id, started.id]);
    expect(types).toEqual(['analysis.completed', 'analysis.started']);
    expect(orgs).toEqual(['org-1', 'org-2']);
    expect(projects).toEqual(['project-1', null]);
    expect(patterns).toEqual(['analysis.completed analysis.* *', 'analysis.started analysis.* *']);
    expect(claimTimeoutMs).toBe(30_000);
  });

  it('stores what partners receive: each envelope holds exactly the fields of the body sent for it', () => {
    const extended = { ...completed, internalNote: 'not for partners' } as unknown as AnyDomainEvent;
    const envelopes = JSON.parse(fanOutParameters([extended, started], 1)[4] as string) as unknown[];
    expect(envelopes).toEqual([
      JSON.parse(serializeEventEnvelope(completed)),
      JSON.parse(serializeEventEnvelope(started)),
    ]);
  });

  it('sends an empty batch as empty arrays', () => {
    expect(fanOutParameters([], 1)).toEqual([[], [], [], [], '[]', [], 1]);
  });
});
