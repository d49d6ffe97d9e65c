import { isEventTypePattern } from './event-type-pattern.field.js';

describe('isEventTypePattern', () => {
  it('accepts catalogue types, *, and wildcards that match a catalogue type', () => {
    for (const value of ['analysis.completed', 'finding.detected', '*', 'analysis.*', 'webhook.*']) expect(isEventTypePattern(value)).toBe(true);
  });

  it('refuses unknown types, wildcards matching nothing and other shapes', () => {
    for (const value of ['analysis.exploded', 'nope.*', 'analysis*', '*.completed', 'analysis.**', '']) expect(isEventTypePattern(value)).toBe(false);
  });
});
