import { signIdentity, type CallerIdentity } from '@so/shared';
import pg from 'pg';
import { Agent, request } from 'undici';
import { bootPlatform } from '../../test/support/boot-platform.js';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import type { BenchContext } from '../lib/bench-context.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { runRound } from '../lib/round.js';

const IN_FLIGHT = 50;

/** What a dashboard card asks for: one analysis with its status, metrics, findings and project. */
const DASHBOARD_QUERY = `query Dashboard($id: ID!) {
  securityAnalysis(id: $id) {
    id projectId status targetUrl createdAt completedAt
    metrics { totalFindings critical high medium low info score durationMs }
    findings { id ruleId title severity category cweId status location { summary } }
    project { id key name }
  }
}`;

/**
 * The same dashboard query through the federated gateway (API key, rate limit, protection rules,
 * query plan, signed call to the analysis subgraph) and straight to the analysis subgraph with a
 * valid signed identity header, same client and concurrency, in one run.
 */
export async function runGraphqlBenchmark(context: BenchContext): Promise<ComparisonReport> {
  const perRound = Math.max(1000, Math.round(10_000 * context.scale));
  const databaseUrl = await createBenchDatabase(context.databaseAdminUrl);
  const platform = await bootPlatform({
    databaseUrl,
    redisUrl: redisDb(context.redisUrl, 4),
    env: { LOG_LEVEL: 'error', RATE_LIMIT_MAX: '1000000', ANALYSIS_ENGINE: 'noop' },
  });
  const dispatcher = new Agent({ connections: IN_FLIGHT, pipelining: 1 });
  try {
    const auth = { authorization: `Bearer ${platform.apiKey}` };
    const started = await request(`${platform.gatewayUrl}/api/v1/analyze/security`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId: 'bench', targetUrl: 'http://127.0.0.1:9/' }),
      dispatcher,
    });
    const { analysisId } = (await started.body.json()) as { analysisId: string };
    const body = JSON.stringify({ query: DASHBOARD_QUERY, variables: { id: analysisId } });
    const identity = await devIdentity(databaseUrl);

    const post = (url: string, headers: () => Record<string, string>) => async () => {
      const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers() }, body, dispatcher });
      const text = await response.body.text();
      if (response.statusCode !== 200 || text.includes('"errors"')) throw new Error(`${url}: HTTP ${response.statusCode} ${text.slice(0, 300)}`);
      return text;
    };
    // Wait for the (no-op) analysis to complete so both sides answer the same, final document.
    const viaGatewayText = post(`${platform.gatewayUrl}/graphql`, () => auth);
    for (let i = 0; i < 100 && !(await viaGatewayText()).includes('"COMPLETED"'); i++) await new Promise((resolve) => setTimeout(resolve, 100));

    // A token is valid for minutes; one per round is what a gateway-side cache would do too.
    let token = signIdentity(identity, platform.internalToken);
    const direct = post(platform.subgraphUrls.analysis, () => ({ 'x-so-identity': token }));
    const gatewayAnswer = JSON.parse(await viaGatewayText()) as unknown;
    const directAnswer = JSON.parse(await direct()) as unknown;
    if (JSON.stringify(gatewayAnswer) !== JSON.stringify(directAnswer)) throw new Error('gateway and subgraph answers differ');

    const report = await compare(
      'graphql: dashboard query through the federated gateway vs straight to the analysis subgraph',
      { name: 'gateway (auth + limits + plan + subgraph)', round: () => runRound(perRound, IN_FLIGHT, async () => void (await viaGatewayText())) },
      {
        name: 'analysis subgraph, signed identity',
        round: () => {
          token = signIdentity(identity, platform.internalToken);
          return runRound(perRound, IN_FLIGHT, async () => void (await direct()));
        },
      },
      5,
      0.4,
    );
    printReport(report);
    return report;
  } finally {
    await dispatcher.close();
    await platform.close();
  }
}

/** The identity the gateway forwards for the bootstrap key: its org and key id, scope `*`. */
async function devIdentity(databaseUrl: string): Promise<CallerIdentity> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; org_id: string }>('SELECT id, org_id FROM gateway.api_keys LIMIT 1');
    const row = rows[0];
    if (!row) throw new Error('no API key seeded');
    return { orgId: row.org_id, principalId: row.id, scopes: ['*'] };
  } finally {
    await client.end();
  }
}
