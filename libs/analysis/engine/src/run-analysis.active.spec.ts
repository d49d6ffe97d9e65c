import type { EngineOptions } from './engine.types.js';
import { InvalidOptionsError } from './errors/engine.errors.js';
import { signJwt } from './rules/active/jwt-token.js';
import { runAnalysis } from './run-analysis.js';
import { startLocalServer } from './testing/local-server.js';
import { TOKEN_FIXTURE_SPEC, tokenFixture } from './testing/token-fixture-server.js';

function options(overrides: Partial<EngineOptions> = {}): EngineOptions {
  return {
    deepScan: false,
    maxDepth: 5,
    vulnerabilityTypes: [],
    timeoutSeconds: 30,
    targetAllowList: ['127.0.0.1'],
    ...overrides,
  };
}

const strongToken = signJwt(
  { alg: 'HS256', typ: 'JWT' },
  { sub: 'u1', exp: 2_000_000_000 },
  'Qm9v-not-in-any-list-7f3a9c',
);

describe('runAnalysis (spec checks)', () => {
  it('reports an API that accepts any bearer token, with the credential redacted in evidence', async () => {
    const server = await startLocalServer(tokenFixture('any-token'));
    try {
      const { findings } = await runAnalysis(
        { targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC },
        options({ credentials: { primary: strongToken }, vulnerabilityTypes: ['http.auth'] }),
      );
      expect(findings.map((f) => f.ruleId)).toEqual(['http.auth.invalid-token-accepted']);
      expect(findings[0]).toMatchObject({ severity: 'critical', category: 'API2:2023', location: { method: 'GET' } });
      const anyCredential = server.requests.find((r) => r.headers.authorization === `Bearer ${strongToken}`);
      expect(anyCredential).toBeDefined();
      expect(JSON.stringify(findings)).not.toContain(strongToken.split('.')[2]);
    } finally {
      await server.close();
    }
  });

  it('reports JWTs whose signature is never checked, and does not claim alg none or a weak key', async () => {
    const server = await startLocalServer(tokenFixture('decode-without-verifying'));
    try {
      const { findings } = await runAnalysis(
        { targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC },
        options({ credentials: { primary: strongToken }, vulnerabilityTypes: ['http.auth'] }),
      );
      expect(findings.map((f) => f.ruleId)).toEqual(['http.auth.jwt-signature-not-verified']);
      expect(findings[0]?.evidence?.request).toContain('GET /me HTTP/1.1');
    } finally {
      await server.close();
    }
  });

  it('finds NoSQL operator injection in a JSON body with deepScan only', async () => {
    const server = await startLocalServer(tokenFixture('any-token'));
    try {
      const shallow = await runAnalysis(
        { targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC },
        options({ vulnerabilityTypes: ['http.injection'] }),
      );
      expect(shallow.findings).toEqual([]);
      expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
      const deep = await runAnalysis(
        { targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC },
        options({ deepScan: true, vulnerabilityTypes: ['http.injection'] }),
      );
      expect(deep.findings).toMatchObject([
        { ruleId: 'http.injection.nosql-error', category: 'API8:2023', cweId: 'CWE-943', location: { method: 'POST' } },
      ]);
      expect(deep.findings[0]?.evidence?.request).toContain('"username":{"$ne":"so-probe"}');
    } finally {
      await server.close();
    }
  });

  it('skips the credentialed checks with a warning when no test accounts are given', async () => {
    const server = await startLocalServer(tokenFixture('any-token'));
    try {
      const result = await runAnalysis({ targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC }, options());
      expect(result.warnings?.join('\n')).toMatch(/BOLA check skipped: it needs two test accounts/);
      expect(result.findings.some((f) => f.ruleId === 'http.auth.invalid-token-accepted')).toBe(false);
      expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('skips the spec checks on a target that answers 2xx for everything', async () => {
    const server = await startLocalServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    try {
      const result = await runAnalysis(
        { targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC },
        options({ deepScan: true, credentials: { primary: strongToken, secondary: 'other' } }),
      );
      expect(result.warnings?.join('\n')).toMatch(/spec checks skipped: the target answers 2xx/);
      expect(result.findings.filter((f) => f.severity === 'critical' || f.severity === 'high')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('stops at the request budget and names the checks it cut short', async () => {
    const server = await startLocalServer(tokenFixture('any-token'));
    try {
      const result = await runAnalysis(
        { targetUrl: server.url, specText: TOKEN_FIXTURE_SPEC },
        options({ deepScan: true, requestBudget: 12, credentials: { primary: strongToken } }),
      );
      expect(result.warnings?.join('\n')).toMatch(/request budget of 12 used up; checks cut short: .*mass assignment/);
      expect(server.requests.length).toBeLessThanOrEqual(12);
    } finally {
      await server.close();
    }
  });

  it('refuses a credential with a line break before sending anything', async () => {
    const server = await startLocalServer(tokenFixture('any-token'));
    try {
      await expect(
        runAnalysis({ targetUrl: server.url }, options({ credentials: { primary: 'a\nx-injected: 1' } })),
      ).rejects.toBeInstanceOf(InvalidOptionsError);
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });
});
