import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import { bootPlatform } from '../../test/support/boot-platform.js';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import type { BenchContext } from '../lib/bench-context.js';
import { createBenchDatabase, redisDb } from '../lib/bench-database.js';
import { freePort } from '@so/testing';
import { runRound } from '../lib/round.js';

const IN_FLIGHT = 50;
const HERE = dirname(fileURLToPath(import.meta.url));
/** The baseline server is plain JS and is not compiled: find it in the source tree. */
const BARE_SERVER = join(HERE, '..', '..', '..', 'bench', 'rest', 'bare-server.mjs');

/**
 * An authenticated `GET /api/v1/projects/{p}/analysis/{a}` through the gateway (API key check,
 * rate limit, gRPC to the analysis service, Postgres read, JSON mapping) against a bare Fastify
 * handler returning the same JSON, both in their own process, same client, same concurrency.
 */
export async function runRestBenchmark(context: BenchContext): Promise<ComparisonReport> {
  const perRound = Math.max(1000, Math.round(10_000 * context.scale));
  const platform = await bootPlatform({
    databaseUrl: await createBenchDatabase(context.databaseAdminUrl),
    redisUrl: redisDb(context.redisUrl, 3),
    env: { LOG_LEVEL: 'error', RATE_LIMIT_MAX: '1000000', ANALYSIS_ENGINE: 'noop' },
  });
  const auth = { authorization: `Bearer ${platform.apiKey}` };
  const dispatcher = new Agent({ connections: IN_FLIGHT, pipelining: 1 });
  let bare: ReturnType<typeof spawn> | undefined;
  try {
    const started = await request(`${platform.gatewayUrl}/api/v1/analyze/security`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId: 'bench', targetUrl: 'http://127.0.0.1:9/' }),
      dispatcher,
    });
    const { analysisId } = (await started.body.json()) as { analysisId: string };
    const path = `/api/v1/projects/bench/analysis/${analysisId}`;
    let body = '';
    for (let i = 0; i < 100; i++) {
      const response = await request(`${platform.gatewayUrl}${path}`, { headers: auth, dispatcher });
      body = await response.body.text();
      if (body.includes('"COMPLETED"')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const file = join(mkdtempSync(join(tmpdir(), 'so-bench-')), 'analysis.json');
    writeFileSync(file, body);
    const barePort = await freePort();
    bare = spawn(process.execPath, [BARE_SERVER, String(barePort), file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      bare?.stdout?.once('data', () => resolve());
      bare?.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });

    const get = (base: string) => async () => {
      const response = await request(`${base}${path}`, { headers: auth, dispatcher });
      if (response.statusCode !== 200) throw new Error(`${base}: HTTP ${response.statusCode}`);
      await response.body.dump();
    };
    const viaGateway = get(platform.gatewayUrl);
    const viaBare = get(`http://127.0.0.1:${barePort}`);
    const report = await compare(
      'rest: authenticated GET analysis through the gateway vs bare Fastify',
      { name: 'gateway (auth + gRPC + Postgres)', round: () => runRound(perRound, IN_FLIGHT, viaGateway) },
      { name: 'bare Fastify, same JSON', round: () => runRound(perRound, IN_FLIGHT, viaBare) },
      5,
    );
    printReport(report);
    return report;
  } finally {
    bare?.kill('SIGTERM');
    await dispatcher.close();
    await platform.close();
  }
}
