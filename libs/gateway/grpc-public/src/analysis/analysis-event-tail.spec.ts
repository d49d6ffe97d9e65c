import { describe, expect, it } from '@jest/globals';
import { createDomainEvent, type AnyDomainEvent } from '@so/contracts';
import type { DomainEventListener, EventStreamTail } from '@so/gateway-subscriptions';
import { AnalysisEventTail } from './analysis-event-tail.js';

const ANALYSIS = '0b6f8a62-1d0e-4c55-9d7a-2f3e4a5b6c7d';
const progress = (orgId: string, analysisId = ANALYSIS) =>
  createDomainEvent({ type: 'analysis.progress', orgId, projectId: 'shop', correlationId: 'c', data: { analysisId, stage: 'probing', percent: 10, message: '10%' } });

/** The gateway's tail as far as AnalysisEventTail uses it: listeners, and events pushed by the test. */
function fakeTail() {
  const listeners = new Set<DomainEventListener>();
  const tail = {
    subscribe: (listener: DomainEventListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as EventStreamTail;
  const push = (event: AnyDomainEvent) => listeners.forEach((listener) => listener(event, '1-0'));
  return { tail, listeners, push };
}

describe(AnalysisEventTail.name, () => {
  it('listens to the tail only while a call follows an analysis', () => {
    const { tail, listeners } = fakeTail();
    const analyses = new AnalysisEventTail(tail);
    analyses.start();
    expect(listeners.size).toBe(0);
    const stopFirst = analyses.subscribe(ANALYSIS, 'org-a', () => undefined);
    const stopSecond = analyses.subscribe(ANALYSIS, 'org-a', () => undefined);
    expect(listeners.size).toBe(1);
    stopFirst();
    expect(listeners.size).toBe(1);
    stopSecond();
    expect(listeners.size).toBe(0);
  });

  it('hands a follower the events of its analysis and org only', () => {
    const { tail, push } = fakeTail();
    const analyses = new AnalysisEventTail(tail);
    analyses.start();
    const seen: string[] = [];
    const stop = analyses.subscribe(ANALYSIS, 'org-a', (event) => seen.push(event.orgId));
    push(progress('org-a'));
    push(progress('org-b'));
    push(progress('org-a', 'another-analysis'));
    expect(seen).toEqual(['org-a']);
    stop();
    push(progress('org-a'));
    expect(seen).toEqual(['org-a']);
  });

  it('follows nothing before start and after stop', () => {
    const { tail, listeners } = fakeTail();
    const analyses = new AnalysisEventTail(tail);
    analyses.subscribe(ANALYSIS, 'org-a', () => undefined);
    expect(listeners.size).toBe(0);
    analyses.start();
    expect(listeners.size).toBe(1);
    analyses.stop();
    expect(listeners.size).toBe(0);
  });
});
