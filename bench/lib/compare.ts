import { median, percentile } from './stats.js';
import type { RoundResult } from './round.js';

export interface Contender {
  name: string;
  /** Runs one measured round. */
  round: () => Promise<RoundResult>;
}

export interface ComparisonReport {
  benchmark: string;
  ours: Summary;
  baseline: Summary;
  /** ours / baseline, on median throughput. */
  ratio: number;
  goal?: number;
}

export interface Summary {
  name: string;
  medianOpsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  rounds: number[];
}

/**
 * Measures ours and the baseline in interleaved rounds (A B A B ...) after a warm-up of each, so
 * machine noise (other processes, CPU frequency) hits both alike; reports medians and the ratio.
 */
export async function compare(benchmark: string, ours: Contender, baseline: Contender, rounds = 5, goal?: number): Promise<ComparisonReport> {
  await baseline.round();
  await ours.round();
  const oursRounds: RoundResult[] = [];
  const baseRounds: RoundResult[] = [];
  for (let i = 0; i < rounds; i++) {
    baseRounds.push(await baseline.round());
    oursRounds.push(await ours.round());
  }
  const summarize = (name: string, results: RoundResult[]): Summary => {
    const latencies = results.flatMap((r) => r.latenciesMs);
    return {
      name,
      medianOpsPerSecond: median(results.map((r) => r.opsPerSecond)),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      rounds: results.map((r) => Math.round(r.opsPerSecond)),
    };
  };
  const oursSummary = summarize(ours.name, oursRounds);
  const baseSummary = summarize(baseline.name, baseRounds);
  return { benchmark, ours: oursSummary, baseline: baseSummary, ratio: oursSummary.medianOpsPerSecond / baseSummary.medianOpsPerSecond, goal };
}

export function printReport(report: ComparisonReport): void {
  const fmt = (s: Summary) =>
    `${s.name.padEnd(34)} ${s.medianOpsPerSecond.toFixed(0).padStart(8)} ops/s  p50 ${s.p50Ms.toFixed(2).padStart(7)} ms  p99 ${s.p99Ms.toFixed(2).padStart(8)} ms  rounds [${s.rounds.join(', ')}]`;
  const verdict = report.goal === undefined ? '' : report.ratio >= report.goal ? `  (goal ≥ ${(report.goal * 100).toFixed(0)}%: met)` : `  (goal ≥ ${(report.goal * 100).toFixed(0)}%: NOT met)`;
  process.stdout.write(
    `\n== ${report.benchmark}\n  ${fmt(report.ours)}\n  ${fmt(report.baseline)}\n  ratio ours/baseline: ${(report.ratio * 100).toFixed(1)}%${verdict}\n`,
  );
}
