import { eventTypePatternsFor, isValidEventTypePattern } from './event-type-patterns.js';

describe('event type patterns', () => {
  it('lists every pattern that selects a type, most specific first', () => {
    expect(eventTypePatternsFor('analysis.completed')).toEqual(['analysis.completed', 'analysis.*', '*']);
    expect(eventTypePatternsFor('a.b.c')).toEqual(['a.b.c', 'a.b.*', 'a.*', '*']);
  });

  it.each(['*', 'analysis.*', 'finding.*', 'analysis.completed', 'webhook.endpoint_disabled', 'integration.*'])(
    'accepts %s',
    (pattern) => {
      expect(isValidEventTypePattern(pattern)).toBe(true);
    },
  );

  it.each(['', 'analysis', 'analysis.exploded', 'nope.*', '.*', 'analysis.**', '*.completed', 'ANALYSIS.COMPLETED'])(
    'rejects %j',
    (pattern) => {
      expect(isValidEventTypePattern(pattern)).toBe(false);
    },
  );
});
