import {
  ANALYSIS_ENTITIES,
  ANALYSIS_MIGRATIONS,
  ANALYSIS_SCHEMA,
  FindingLifecycleRepository,
  FindingRepository,
  type NewFinding,
} from '@so/analysis-data-access';
import { runMigrationsWithLock, serviceDataSourceOptions } from '@so/shared';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import type { BenchContext } from '../lib/bench-context.js';
import { createBenchDatabase } from '../lib/bench-database.js';
import { compare, printReport, type ComparisonReport } from '../lib/compare.js';
import type { RoundResult } from '../lib/round.js';

const ORG = 'bench-org';

/**
 * What comparing a run with the previous one adds to completing it. Each completion is the
 * transaction the worker runs for a run with findings: ours compares (new / recurring / fixed,
 * triage carried over, comparison row) and then marks the analysis COMPLETED; the baseline only
 * marks it COMPLETED. Findings are stored beforehand as the worker stores them while the run goes
 * (`upsertMany`, untimed). Consecutive analyses share 90% of their fingerprints (10% new, 10%
 * fixed), and a tenth of the project's fingerprints carry a triage decision.
 */
export async function runFindingsLifecycleBenchmark(context: BenchContext): Promise<ComparisonReport> {
  const findingsPerAnalysis = Math.max(50, Math.round(1000 * context.scale));
  const completionsPerRound = 20;
  const dataSource = await new DataSource(
    serviceDataSourceOptions({
      url: await createBenchDatabase(context.databaseAdminUrl),
      schema: ANALYSIS_SCHEMA,
      entities: ANALYSIS_ENTITIES,
      migrations: ANALYSIS_MIGRATIONS,
      poolSize: 4,
      applicationName: 'bench-findings-lifecycle',
    }),
  ).initialize();
  try {
    await runMigrationsWithLock(dataSource, ANALYSIS_SCHEMA);
    const lifecycle = new FindingLifecycleRepository(dataSource);
    const seeder = new Seeder(dataSource, findingsPerAnalysis);
    const ours = await seeder.project('ours');
    const baseline = await seeder.project('baseline');
    // One analysis after the other, as runs of one target usually go: each is stored while the
    // previous one is already completed (untimed), then its completion is timed.
    const round = (project: SeededProject, complete: (manager: EntityManager, id: string) => Promise<void>) => async () => {
      const latenciesMs: number[] = [];
      for (let i = 0; i < completionsPerRound; i++) {
        const id = await seeder.inProgressAnalysis(project);
        const t0 = performance.now();
        await dataSource.transaction((manager) => complete(manager, id));
        latenciesMs.push(performance.now() - t0);
      }
      const totalMs = latenciesMs.reduce((sum, ms) => sum + ms, 0);
      return { opsPerSecond: latenciesMs.length / (totalMs / 1000), latenciesMs } satisfies RoundResult;
    };
    const report = await compare(
      `findings-lifecycle (completions/s, ${findingsPerAnalysis} findings per analysis)`,
      {
        name: 'compare with previous + complete',
        round: round(ours, async (manager, id) => {
          await lifecycle.compareWithPrevious(manager, id);
          await markCompleted(manager, id);
        }),
      },
      { name: 'complete only', round: round(baseline, markCompleted) },
      context.scale < 1 ? 3 : 5,
    );
    printReport(report);
    return report;
  } finally {
    await dataSource.destroy();
  }
}

/** The completion statement of the worker, without its events. */
async function markCompleted(manager: EntityManager, id: string): Promise<void> {
  await manager.query(
    `UPDATE "analysis"."analyses" SET "status" = 'COMPLETED', "progress_percent" = 100, "completed_at" = now()
      WHERE "id" = $1 AND "status" = 'IN_PROGRESS'`,
    [id],
  );
}

interface SeededProject {
  id: string;
  /** Analyses created so far; shifts the fingerprint window of the next one. */
  runs: number;
}

class Seeder {
  private readonly repository: FindingRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: number,
  ) {
    this.repository = new FindingRepository(dataSource);
  }

  async project(key: string): Promise<SeededProject> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO "analysis"."projects" ("id", "org_id", "key", "name") VALUES ($1, $2, $3, $3)`, [id, ORG, key]);
    // A triage decision on every tenth fingerprint the project will ever see.
    await this.dataSource.query(
      `INSERT INTO "analysis"."finding_triage" ("project_id", "fingerprint", "org_id", "status", "reason", "changed_by")
       SELECT $1, 'fp-' || g, $2, 'false_positive', 'bench', 'bench-key' FROM generate_series(0, $3::int, 10) AS g`,
      [id, ORG, this.findings * 20],
    );
    return { id, runs: 0 };
  }

  /** An IN_PROGRESS analysis of the project with its findings, 10% of them not in the previous one. */
  async inProgressAnalysis(project: SeededProject): Promise<string> {
    const id = randomUUID();
    const offset = project.runs * Math.round(this.findings / 10);
    project.runs += 1;
    await this.dataSource.query(
      `INSERT INTO "analysis"."analyses" ("id", "org_id", "project_id", "status", "target_url", "config", "progress_percent", "correlation_id")
       VALUES ($1, $2, $3, 'IN_PROGRESS', 'http://bench.test', '{}'::jsonb, 0, 'bench')`,
      [id, ORG, project.id],
    );
    const findings: NewFinding[] = Array.from({ length: this.findings }, (_, i) => ({
      orgId: ORG,
      analysisId: id,
      ruleId: 'http.bench',
      title: `Finding ${offset + i}`,
      category: 'API8:2023',
      cweId: 'CWE-693',
      severity: 'medium',
      description: 'd',
      recommendation: 'r',
      location: { url: `http://bench.test/${offset + i}` },
      evidence: null,
      fingerprint: `fp-${offset + i}`,
    }));
    await this.repository.upsertMany(this.dataSource.manager, findings);
    return id;
  }
}
