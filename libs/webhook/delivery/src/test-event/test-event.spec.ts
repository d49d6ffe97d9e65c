import { EVENT_CATALOGUE } from '@so/contracts';
import { WebhookException } from '@so/webhook-common';
import { buildTestEvent, defaultTestEventType, isTestEventId } from './test-event.js';
import { validateTestEventType } from './test-event-input.validator.js';

describe('test events', () => {
  it("picks the first type the endpoint subscribes to, in the endpoint's order", () => {
    expect(defaultTestEventType(['finding.detected', 'analysis.completed'])).toBe('finding.detected');
    expect(defaultTestEventType(['integration.*'])).toBe('integration.status_changed');
    expect(defaultTestEventType(['analysis.*'])).toBe('analysis.started');
  });

  it('falls back to analysis.completed when the endpoint subscribes to everything', () => {
    expect(defaultTestEventType(['*'])).toBe('analysis.completed');
    expect(defaultTestEventType(['*', 'finding.detected'])).toBe('finding.detected');
  });

  it("builds the catalogue's example as an event of the caller's org, with a test_ id", () => {
    const event = buildTestEvent('analysis.failed', 'org-1', null, 'corr-1');
    expect(event).toMatchObject({
      type: 'analysis.failed',
      orgId: 'org-1',
      projectId: '',
      correlationId: 'corr-1',
      schemaVersion: 1,
      data: EVENT_CATALOGUE.find((entry) => entry.type === 'analysis.failed')!.exampleData,
    });
    expect(isTestEventId(event.id)).toBe(true);
    expect(isTestEventId('0b6f9c1e-5d4a-4b7e-9a51-3c2f8e7d1a90')).toBe(false);
  });

  it('accepts catalogue types and empty, and refuses others with an eventType violation', () => {
    expect(validateTestEventType('')).toBeUndefined();
    expect(validateTestEventType(undefined)).toBeUndefined();
    expect(validateTestEventType('finding.detected')).toBe('finding.detected');
    try {
      validateTestEventType('analysis.*');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(WebhookException);
      expect((error as WebhookException).violations.map((v) => v.field)).toEqual(['eventType']);
    }
  });
});
