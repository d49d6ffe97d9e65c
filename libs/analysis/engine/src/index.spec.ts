import * as engine from './index.js';

describe('@so/analysis-engine entry point', () => {
  it('exposes the functions and errors the analysis service relies on', () => {
    expect(typeof engine.runAnalysis).toBe('function');
    expect(typeof engine.runNoopAnalysis).toBe('function');
    expect(typeof engine.assertTargetAllowed).toBe('function');
    expect(typeof engine.computeScore).toBe('function');
    expect(new engine.TargetNotAllowedError('x')).toBeInstanceOf(engine.AnalysisEngineError);
    expect(new engine.AnalysisTimeoutError(5)).toMatchObject({
      code: 'ANALYSIS.TIMEOUT',
      name: 'AnalysisTimeoutError',
    });
    expect(engine.RULE_CATALOG.length).toBeGreaterThan(20);
  });
});
