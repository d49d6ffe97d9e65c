import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError } from '@so/shared';
import { loadGatewayConfig } from './gateway.config.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadGatewayConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('gateway config', () => {
  it('has working defaults for a local start', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      HTTP_PORT: 3000,
      ANALYSIS_GRPC_URL: '127.0.0.1:50051',
      WEBHOOK_GRPC_URL: '127.0.0.1:50053',
      ANALYSIS_GRAPHQL_URL: 'http://127.0.0.1:3001/graphql',
      RATE_LIMIT_MAX: 600,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      GRPC_DEADLINE_MS: 10_000,
      API_KEY_CACHE_TTL_SECONDS: 30,
    });
    expect(config.BOOTSTRAP_API_KEY).toBeUndefined();
  });

  it('names every bad variable in one go', () => {
    const problems = problemsOf({
      HTTP_PORT: 'http',
      ANALYSIS_GRPC_URL: 'http://analysis:50051',
      WEBHOOK_GRAPHQL_URL: 'ftp://webhook/graphql',
      BOOTSTRAP_API_KEY: 'secret',
      RATE_LIMIT_MAX: '0',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ANALYSIS_GRPC_URL',
      'BOOTSTRAP_API_KEY',
      'HTTP_PORT',
      'RATE_LIMIT_MAX',
      'WEBHOOK_GRAPHQL_URL',
    ]);
    expect(problems.find((p) => p.startsWith('BOOTSTRAP_API_KEY'))).toContain('so_live_');
  });

  it('treats an empty BOOTSTRAP_API_KEY as unset and accepts a well-formed one', () => {
    expect(loadGatewayConfig({ BOOTSTRAP_API_KEY: '' }).BOOTSTRAP_API_KEY).toBeUndefined();
    const key = 'so_live_0123456789abcdefghijABCDEFGHIJKL';
    expect(loadGatewayConfig({ BOOTSTRAP_API_KEY: key }).BOOTSTRAP_API_KEY).toBe(key);
  });

  it('refuses the development INTERNAL_TOKEN in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'INTERNAL_TOKEN: must be set to a real secret in production',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', INTERNAL_TOKEN: 'a-long-production-secret-value' })).toEqual([]);
  });

  it('needs a database pool of at least 2 (migrations hold a lock on one connection)', () => {
    expect(problemsOf({ DATABASE_POOL_SIZE: '1' })).toHaveLength(1);
  });
});
