// Child process: `node run-ours.js <spec file>` runs our static audit (runAnalysis with a spec and no
// target: loading spec, static audit, scoring) and prints one ToolRun JSON line.
import './no-network.js';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { runAnalysis, type EngineOptions } from '@so/analysis-engine';
import { cpuMsSince, peakRssMb, printToolRun, sinceProcessStart, specFileArgument } from './tool-run.js';

const file = specFileArgument('ours');
const options: EngineOptions = {
  deepScan: false,
  maxDepth: 0,
  vulnerabilityTypes: [],
  timeoutSeconds: 0,
  targetAllowList: [],
};
const loadMs = sinceProcessStart();
const cpuStart = process.cpuUsage();
const started = performance.now();
try {
  // Both runners read synchronously: an async read hops through the thread pool four times, and on a
  // busy machine each hop waits for a core, which measures the scheduler, not the tool.
  const specText = readFileSync(file, 'utf8');
  const result = await runAnalysis({ specText }, options);
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  printToolRun({
    tool: 'ours',
    ms,
    cpuMs,
    loadMs,
    peakRssMb: peakRssMb(),
    findings: result.findings.length,
    occurrences: result.findings.reduce((sum, finding) => sum + 1 + (finding.location.others?.length ?? 0), 0),
    ruleIds: [...new Set(result.findings.map((finding) => finding.ruleId))].sort(),
  });
} catch (error) {
  printToolRun({
    tool: 'ours',
    ms: performance.now() - started,
    cpuMs: cpuMsSince(cpuStart),
    loadMs,
    peakRssMb: peakRssMb(),
    findings: 0,
    occurrences: 0,
    ruleIds: [],
    error: error instanceof Error ? error.message : String(error),
  });
}
