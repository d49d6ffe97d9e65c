import { DomainException } from '@so/shared';
import type { StartAnalysisCommand } from './start-analysis.command.js';
import { START_ANALYSIS_LIMITS, validateStartAnalysis } from './start-analysis.validation.js';

function command(overrides: Partial<StartAnalysisCommand> = {}): StartAnalysisCommand {
  return {
    projectId: 'shop-api',
    targetUrl: 'https://api.example.com/v1',
    openapiSpec: '',
    idempotencyKey: '',
    ...overrides,
  };
}

function violationsOf(input: StartAnalysisCommand): string[] {
  try {
    validateStartAnalysis(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).kind).toBe('INVALID_ARGUMENT');
    return (error as DomainException).violations.map((violation) => violation.field);
  }
  throw new Error('expected the command to be rejected');
}

describe(validateStartAnalysis.name, () => {
  it('normalises a minimal request and fills in the default config', () => {
    expect(validateStartAnalysis(command({ idempotencyKey: '  k-1 ' }))).toEqual({
      projectKey: 'shop-api',
      targetUrl: 'https://api.example.com/v1',
      specText: null,
      idempotencyKey: 'k-1',
      config: {
        deepScan: false,
        maxDepth: START_ANALYSIS_LIMITS.defaultMaxDepth,
        vulnerabilityTypes: [],
        enableAiAnalysis: false,
        timeoutSeconds: START_ANALYSIS_LIMITS.defaultTimeoutSeconds,
      },
    });
  });

  it('accepts a spec without a target and keeps explicit config values', () => {
    const valid = validateStartAnalysis(
      command({
        targetUrl: '',
        openapiSpec: 'openapi: 3.0.0',
        config: {
          deepScan: true,
          maxDepth: 5,
          timeoutSeconds: 60,
          vulnerabilityTypes: ['API8:2023', 'API8:2023', 'http.cors'],
        },
      }),
    );
    expect(valid.targetUrl).toBeNull();
    expect(valid.specText).toBe('openapi: 3.0.0');
    expect(valid.config).toMatchObject({
      deepScan: true,
      maxDepth: 5,
      timeoutSeconds: 60,
      vulnerabilityTypes: ['API8:2023', 'http.cors'],
    });
  });

  it.each([
    ['ftp://example.com/x', 'not http(s)'],
    ['javascript:alert(1)', 'not http(s)'],
    ['example.com/api', 'relative'],
    ['https://user:secret@example.com/', 'with credentials'],
    [`https://example.com/${'a'.repeat(3000)}`, 'too long'],
  ])('rejects target_url %s (%s)', (targetUrl) => {
    expect(violationsOf(command({ targetUrl }))).toEqual(['target_url']);
  });

  it('requires a target or a spec', () => {
    expect(violationsOf(command({ targetUrl: ' ', openapiSpec: '' }))).toEqual(['target_url']);
  });

  it('lists every problem at once', () => {
    const fields = violationsOf(
      command({
        projectId: 'Not A Key',
        openapiSpec: 'x'.repeat(START_ANALYSIS_LIMITS.maxSpecBytes + 1),
        idempotencyKey: 'has space',
        config: { maxDepth: 11, timeoutSeconds: 3601, vulnerabilityTypes: ['ok', 'bad type!'] },
      }),
    );
    expect(fields.sort()).toEqual(
      [
        'config.max_depth',
        'config.timeout_seconds',
        'config.vulnerability_types[1]',
        'idempotency_key',
        'openapi_spec',
        'project_id',
      ].sort(),
    );
  });

  it('rejects negative and fractional numbers in the config', () => {
    expect(violationsOf(command({ config: { timeoutSeconds: -1 } }))).toEqual(['config.timeout_seconds']);
    expect(violationsOf(command({ config: { maxDepth: 1.5 } }))).toEqual(['config.max_depth']);
  });

  it('requires a project key', () => {
    expect(violationsOf(command({ projectId: '' }))).toEqual(['project_id']);
  });
});
