import type { Severity } from '../engine.types.js';
import { computeScore } from './compute-score.js';

const of = (...severities: Severity[]) => severities.map((severity) => ({ severity }));

describe('computeScore', () => {
  it('is 100 with no findings and ignores info findings', () => {
    expect(computeScore([])).toBe(100);
    expect(computeScore(of('info', 'info'))).toBe(100);
  });

  it('charges the documented weight for the first finding of each severity', () => {
    expect(computeScore(of('critical'))).toBe(60);
    expect(computeScore(of('high'))).toBe(80);
    expect(computeScore(of('medium'))).toBe(92);
    expect(computeScore(of('low'))).toBe(97);
  });

  it('halves the cost of each further finding of the same severity', () => {
    expect(computeScore(of('high', 'high'))).toBe(70);
    expect(computeScore(of('high', 'high', 'high'))).toBe(65);
  });

  it('never lets many low findings outweigh one critical', () => {
    expect(computeScore(of(...Array<Severity>(50).fill('low')))).toBeGreaterThan(computeScore(of('critical')));
  });

  it('clamps at 0', () => {
    expect(computeScore(of(...Array<Severity>(10).fill('critical'), ...Array<Severity>(10).fill('high')))).toBe(0);
  });
});
