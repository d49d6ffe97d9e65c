import { startFakeChatCompletions, type FakeChatCompletionsServer } from '@so/testing';
import type { EngineFinding, Severity } from '../engine.types.js';
import type { AiAnalyzerSettings } from './ai-analyzer.types.js';
import { assessFindings, findingsToAssess } from './assess-findings.js';
import { parseAssessment } from './finding-prompt.js';

function finding(fingerprint: string, severity: Severity, evidence?: string): EngineFinding {
  return {
    ruleId: 'http.cors.origin-reflected-with-credentials',
    title: `Finding ${fingerprint}`,
    category: 'API8:2023',
    cweId: 'CWE-942',
    severity,
    description: 'Any origin may read responses with credentials.',
    recommendation: 'Allow-list origins.',
    location: { method: 'GET', url: 'http://api.test/users' },
    ...(evidence ? { evidence: { request: 'GET /users', response: evidence } } : {}),
    fingerprint,
  };
}

function settings(server: FakeChatCompletionsServer, overrides: Partial<AiAnalyzerSettings> = {}): AiAnalyzerSettings {
  return {
    baseUrl: server.baseUrl,
    apiKey: 'sk-test-key',
    model: 'gpt-test',
    timeoutMs: 2000,
    concurrency: 2,
    maxFindings: 10,
    allowList: ['127.0.0.1'],
    ...overrides,
  };
}

describe('assessFindings', () => {
  const servers: FakeChatCompletionsServer[] = [];
  const start = async (...args: Parameters<typeof startFakeChatCompletions>) => {
    const server = await startFakeChatCompletions(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('explains and ranks critical and high findings only, with the key, model and bounded concurrency', async () => {
    const server = await start((call) => {
      const context = JSON.parse(call.body.messages?.[1]?.content ?? '{}') as { title: string; severity: string };
      const priority = context.severity === 'critical' ? 1 : 2;
      return { content: `\`\`\`json\n{"explanation":"About ${context.title}","priority":${priority}}\n\`\`\``, delayMs: 30 };
    });
    const findings = [
      finding('low-1', 'low'),
      finding('high-1', 'high', 'x'.repeat(10_000)),
      finding('crit-1', 'critical'),
      finding('high-2', 'high'),
      finding('medium-1', 'medium'),
      finding('high-3', 'high'),
    ];
    const result = await assessFindings(findings, settings(server), new AbortController().signal);

    expect(result.warnings).toEqual([]);
    expect([...result.assessments.keys()].sort()).toEqual(['crit-1', 'high-1', 'high-2', 'high-3']);
    expect(result.assessments.get('crit-1')).toEqual({ explanation: 'About Finding crit-1', priority: 1, model: 'gpt-test' });
    expect(server.calls).toHaveLength(4);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    expect(server.calls.every((call) => call.authorization === 'Bearer sk-test-key')).toBe(true);
    expect(server.calls.every((call) => call.body.model === 'gpt-test')).toBe(true);
    // Evidence is an excerpt: the 10 kB response body never leaves whole.
    const sent = server.calls.map((call) => call.body.messages?.[1]?.content ?? '').join('');
    expect(sent).not.toContain('x'.repeat(2000));
  });

  it('assesses at most maxFindings, critical first', () => {
    const chosen = findingsToAssess([finding('h', 'high'), finding('c', 'critical'), finding('h2', 'high')], 2);
    expect(chosen.map((item) => item.fingerprint)).toEqual(['c', 'h']);
  });

  it('turns an endpoint failure into a warning and keeps the answers that did come', async () => {
    const server = await start((call) =>
      (call.body.messages?.[1]?.content ?? '').includes('Finding bad')
        ? { status: 500, body: '{"error":"boom"}' }
        : { content: '{"explanation":"fine","priority":"3"}' },
    );
    const result = await assessFindings(
      [finding('bad', 'high'), finding('good', 'high')],
      settings(server),
      new AbortController().signal,
    );
    expect([...result.assessments.keys()]).toEqual(['good']);
    expect(result.assessments.get('good')?.priority).toBe(3);
    expect(result.warnings).toEqual([expect.stringContaining('1 of 2 findings could not be assessed (AI endpoint answered HTTP 500)')]);
  });

  it('gives up on a request after timeoutMs without failing', async () => {
    const server = await start(() => ({ content: '{"explanation":"late","priority":1}', delayMs: 2000 }));
    const result = await assessFindings([finding('slow', 'critical')], settings(server, { timeoutMs: 200 }), new AbortController().signal);
    expect(result.assessments.size).toBe(0);
    expect(result.warnings[0]).toMatch(/could not be assessed/);
  });

  it('starts no request after the deadline and cuts a slow one short, with a warning', async () => {
    const server = await start(() => ({ content: '{"explanation":"late","priority":1}', delayMs: 2000 }));
    const started = Date.now();
    const result = await assessFindings(
      [finding('c1', 'critical'), finding('c2', 'critical'), finding('c3', 'critical')],
      settings(server, { concurrency: 1, timeoutMs: 10_000 }),
      new AbortController().signal,
      { deadline: Date.now() + 300 },
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(server.calls).toHaveLength(1);
    expect(result.assessments.size).toBe(0);
    expect(result.warnings).toEqual([
      'AI analysis: 2 findings not assessed within the analysis time limit',
      expect.stringContaining('1 of 3 findings could not be assessed'),
    ]);
  });

  it('sends nothing to a loopback endpoint the allow-list does not name', async () => {
    const server = await start(() => ({ content: '{"explanation":"x","priority":1}' }));
    const result = await assessFindings([finding('c', 'critical')], settings(server, { allowList: [] }), new AbortController().signal);
    expect(server.calls).toHaveLength(0);
    expect(result.warnings).toEqual([expect.stringMatching(/^AI analysis skipped: .*not allowed.*AI_ANALYSIS_ALLOWLIST/)]);
  });

  it('sends nothing when no finding is high or critical', async () => {
    const server = await start(() => ({ content: '{"explanation":"x","priority":1}' }));
    const result = await assessFindings([finding('l', 'low')], settings(server), new AbortController().signal);
    expect(server.calls).toHaveLength(0);
    expect(result).toEqual({ assessments: new Map(), warnings: [], attempted: 0 });
  });

  it('stops with the abort reason when the analysis is cancelled', async () => {
    const server = await start(() => ({ content: '{"explanation":"x","priority":1}', delayMs: 1000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort('cancelled'), 50);
    await expect(assessFindings([finding('c', 'critical')], settings(server), controller.signal)).rejects.toBe('cancelled');
  });
});

describe('parseAssessment', () => {
  it('refuses answers without a usable priority or explanation', () => {
    expect(() => parseAssessment('no json here')).toThrow(/no JSON/);
    expect(() => parseAssessment('{"explanation":"x","priority":9}')).toThrow(/priority/);
    expect(() => parseAssessment('{"priority":2}')).toThrow(/explanation/);
    expect(parseAssessment(String.raw`{"explanation":"a\u0000b","priority":2}`)).toEqual({ explanation: 'ab', priority: 2 });
  });
});
