import { toEndpointStatsView } from './endpoint-stats.service.js';

describe('toEndpointStatsView', () => {
  const since = new Date('2026-11-26T00:00:00Z');

  it('turns the counts pg returns as strings into numbers and derives the failed attempts and the success rate', () => {
    const view = toEndpointStatsView('e-1', since, {
      delivered: '3',
      failed: '1',
      pending: '2',
      attempts: '8',
      succeeded: '6',
      p50: 41.5,
      p95: 120.2,
      last_success_at: new Date('2026-11-26T10:00:00Z'),
      last_failure_at: null,
    });
    expect(view).toEqual({
      endpointId: 'e-1',
      since,
      messages: { delivered: 3, failed: 1, pending: 2 },
      attempts: { total: 8, succeeded: 6, failed: 2 },
      successRate: 0.75,
      latencyP50Ms: 42,
      latencyP95Ms: 120,
      lastSuccessAt: new Date('2026-11-26T10:00:00Z'),
      lastFailureAt: null,
    });
  });

  it('has no success rate or latency without attempts', () => {
    const view = toEndpointStatsView('e-1', since, {
      delivered: '0',
      failed: '0',
      pending: '1',
      attempts: '0',
      succeeded: '0',
      p50: null,
      p95: null,
      last_success_at: null,
      last_failure_at: null,
    });
    expect(view).toMatchObject({
      successRate: null,
      latencyP50Ms: null,
      latencyP95Ms: null,
      attempts: { total: 0, failed: 0 },
    });
  });
});
