import { describe, expect, it } from '@jest/globals';
import { createDomainEvent } from '@so/contracts';
import { analysisMessage, dashboardMessages } from './sse-messages.js';
import { compareEntryIds, resumePosition } from './stream-position.js';

const base = { orgId: 'org-1', projectId: 'shop', correlationId: 'c-1' };
const analysisId = '6f1c2a9e-8d4b-4f0e-9a51-3b7d2c1e0f55';

describe('SSE messages', () => {
  it('maps the analysis lifecycle to ANALYSIS_PROGRESS, SECURITY_FINDING and one final ANALYSIS_COMPLETED', () => {
    const progress = createDomainEvent({ ...base, type: 'analysis.progress', data: { analysisId, stage: 'static audit', percent: 40, message: '2/5' } });
    expect(analysisMessage(progress, '5-0')).toEqual({
      type: 'ANALYSIS_PROGRESS',
      id: '5-0',
      data: expect.objectContaining({ analysisId, status: 'IN_PROGRESS', percent: 40, eventId: progress.id, projectId: 'shop' }),
    });
    const failed = createDomainEvent({ ...base, type: 'analysis.failed', data: { analysisId, status: 'FAILED', reason: 'target refused' } });
    expect(analysisMessage(failed, '6-0')).toMatchObject({ type: 'ANALYSIS_COMPLETED', data: { status: 'FAILED', reason: 'target refused' } });
    const disabled = createDomainEvent({ ...base, type: 'webhook.endpoint_disabled', data: { endpointId: 'e', url: 'https://x', reason: 'gone' } });
    expect(analysisMessage(disabled, '7-0')).toBeUndefined();
  });

  it('adds a DASHBOARD_UPDATE with the counts after a finished analysis, and only then', () => {
    const completed = createDomainEvent({
      ...base,
      type: 'analysis.completed',
      data: { analysisId, status: 'COMPLETED', findingCount: 3, bySeverity: { critical: 0, high: 1, medium: 2, low: 0, info: 0 }, score: 71, durationMs: 900 },
    });
    const messages = dashboardMessages(completed, '9-1');
    expect(messages.map((message) => message.type)).toEqual(['ANALYSIS_COMPLETED', 'DASHBOARD_UPDATE']);
    expect(messages[1]?.data).toMatchObject({ analysisId, findingCount: 3, score: 71, bySeverity: { high: 1 } });
    const started = createDomainEvent({ ...base, type: 'analysis.started', data: { analysisId, targetUrl: null } });
    expect(dashboardMessages(started, '8-0').map((message) => message.type)).toEqual(['ANALYSIS_PROGRESS']);
  });

  it('resumes only from a real stream position and orders positions numerically', () => {
    expect(resumePosition('1700000000000-3')).toBe('1700000000000-3');
    expect(resumePosition(['12-0', '13-0'])).toBe('12-0');
    expect(resumePosition('$')).toBeUndefined();
    expect(resumePosition('0-0\nevent: x')).toBeUndefined();
    expect(resumePosition(undefined)).toBeUndefined();
    expect(compareEntryIds('9-0', '10-0')).toBeLessThan(0);
    expect(compareEntryIds('10-2', '10-10')).toBeLessThan(0);
    expect(compareEntryIds('10-2', '10-2')).toBe(0);
  });
});
