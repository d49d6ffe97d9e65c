import type { AnalysisInput, EngineOptions, EngineResult } from './engine.types.js';
import { AnalysisAbortedError, InvalidTargetError } from './errors/engine.errors.js';
import { ResolvedCredentials } from './http/credentials.js';
import { ProbeClient } from './http/probe-client.js';
import { ACTIVE_RULE_FAMILIES } from './rules/active/index.js';
import { UNAUTHENTICATED_ACCESS } from './rules/dynamic/unauthenticated-access.rule.js';
import { DYNAMIC_RULE_FAMILIES } from './rules/dynamic/index.js';
import { RULE_CATALOG } from './rules/rule-catalog.js';
import { createRuleFilter } from './rules/rule-filter.js';
import type { RuleMeta } from './rules/rule.types.js';
import { STATIC_RULE_FAMILIES } from './rules/static/index.js';
import { runActiveProbes } from './run/active-probe.js';
import { runDynamicAudit, selectedFamilies } from './run/dynamic-audit.js';
import { FindingCollector } from './run/finding-collector.js';
import { eligibleOperations, runOperationProbe } from './run/operation-probe.js';
import { ProbeProgress, ProgressReporter } from './run/progress-reporter.js';
import { RunGuard } from './run/run-guard.js';
import { runStaticAudit } from './run/static-audit.js';
import { computeScore, countBySeverity } from './scoring/compute-score.js';
import { loadSpec } from './spec/spec-loader.js';
import type { LoadedSpec } from './spec/spec-model.js';
import { TargetPolicy, type VettedTarget } from './target/target-policy.js';

const MAX_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_REQUEST_BUDGET = 600;

/**
 * Runs one analysis: static audit of `specText` when given, live checks against `targetUrl` when
 * given (plus an unauthenticated call of each declared operation when both are), then scoring.
 * Rejects with AnalysisAbortedError / AnalysisTimeoutError as soon as the signal fires or the time
 * is up (in-flight requests are aborted), InvalidTargetError / TargetNotAllowedError /
 * TargetUnreachableError for targets it must not or cannot scan, InvalidSpecError for bad specs.
 */
export async function runAnalysis(input: AnalysisInput, options: EngineOptions): Promise<EngineResult> {
  const guard = new RunGuard(options.signal, options.timeoutSeconds);
  try {
    return await guard.run((signal) => execute(input, options, signal));
  } finally {
    guard.dispose();
  }
}

/** Same contract, no work: lets the job-bus benchmark measure the plumbing alone. */
export async function runNoopAnalysis(_input: AnalysisInput, options: EngineOptions): Promise<EngineResult> {
  if (options.signal?.aborted) throw new AnalysisAbortedError();
  return {
    findings: [],
    metrics: { bySeverity: countBySeverity([]), operationsDeclared: 0, operationsCovered: 0, score: 100 },
  };
}

async function execute(input: AnalysisInput, options: EngineOptions, signal: AbortSignal): Promise<EngineResult> {
  if (!input.targetUrl && !input.specText) {
    throw new InvalidTargetError('nothing to analyse: give a targetUrl, a specText or both');
  }
  const progress = new ProgressReporter(options);
  const isSelected = createRuleFilter(options.vulnerabilityTypes);
  const collector = new FindingCollector(RULE_CATALOG, progress);
  // Checked before anything else so a malformed credential fails the run up front.
  const credentials = new ResolvedCredentials(options.credentials);
  const emit = (drafts: Parameters<FindingCollector['add']>[0]): void => collector.add(drafts);
  // Vet the target first: a refused target should fail before any other work is spent.
  const target = input.targetUrl ? await new TargetPolicy(options.targetAllowList).vet(input.targetUrl) : undefined;

  let spec: LoadedSpec | undefined;
  if (input.specText) {
    progress.stage('loading spec', 0, 1, 'loading spec');
    spec = await loadSpec(input.specText);
    signal.throwIfAborted();
    progress.stage('loading spec', 1, 1, `loaded OpenAPI ${spec.version}: ${spec.operations.length} operations`);
    spec.warnings.forEach((warning) => progress.warn(warning));
    await runStaticAudit(spec, STATIC_RULE_FAMILIES, isSelected, signal, progress, emit);
  }

  const operationsCovered = target
    ? await probe(target, spec, options, credentials, isSelected, signal, progress, emit)
    : 0;

  progress.stage('scoring', 0, 1, 'scoring');
  const findings = collector.sorted();
  const result: EngineResult = {
    findings,
    metrics: {
      bySeverity: countBySeverity(findings),
      operationsDeclared: spec?.operations.length ?? 0,
      operationsCovered,
      score: computeScore(findings),
    },
  };
  progress.stage('scoring', 1, 1, `done: ${findings.length} findings`);
  if (progress.warnings.length > 0) result.warnings = progress.warnings;
  return result;
}

/** Live checks, the per-operation probe, then the spec checks; returns operations covered. */
async function probe(
  target: VettedTarget,
  spec: LoadedSpec | undefined,
  options: EngineOptions,
  credentials: ResolvedCredentials,
  isSelected: (rule: RuleMeta) => boolean,
  signal: AbortSignal,
  progress: ProgressReporter,
  emit: (drafts: Parameters<FindingCollector['add']>[0]) => void,
): Promise<number> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const client = new ProbeClient(target, signal, {
    requestTimeoutMs: Math.min(options.requestTimeoutMs ?? MAX_REQUEST_TIMEOUT_MS, MAX_REQUEST_TIMEOUT_MS),
    maxBodyBytes: 64 * 1024,
    maxSockets: concurrency,
  });
  const limits = { deepScan: options.deepScan, maxDepth: options.maxDepth };
  const families = selectedFamilies(DYNAMIC_RULE_FAMILIES, isSelected);
  const probeOperations = spec !== undefined && isSelected(UNAUTHENTICATED_ACCESS);
  const operationCount = probeOperations ? eligibleOperations(spec, limits).length : 0;
  const activeFamilies = spec ? ACTIVE_RULE_FAMILIES.filter((family) => family.rules.some(isSelected)) : [];
  const requestBudget = options.requestBudget ?? DEFAULT_REQUEST_BUDGET;
  const probeProgress = new ProbeProgress(progress, families.length + operationCount + activeFamilies.length);
  try {
    await runDynamicAudit({
      target,
      client,
      families,
      isSelected,
      deepScan: options.deepScan,
      concurrency,
      signal,
      progress,
      probeProgress,
      emit,
    });
    const covered = probeOperations
      ? await runOperationProbe({
          ...limits,
          spec,
          target,
          client,
          concurrency,
          requestBudget,
          signal,
          progress,
          probeProgress,
          emit,
        })
      : 0;
    if (spec && activeFamilies.length > 0) {
      await runActiveProbes({
        ...limits,
        spec,
        target,
        client,
        credentials,
        families: activeFamilies,
        isSelected,
        concurrency,
        requestBudget,
        signal,
        progress,
        probeProgress,
        emit,
      });
    }
    return covered;
  } finally {
    client.close();
  }
}
