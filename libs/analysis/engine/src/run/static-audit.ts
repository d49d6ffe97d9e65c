import { performance } from 'node:perf_hooks';
import type { FindingDraft, RuleMeta } from '../rules/rule.types.js';
import type { StaticRuleFamily } from '../rules/static/static-rule.types.js';
import type { LoadedSpec } from '../spec/spec-model.js';
import type { ProgressReporter } from './progress-reporter.js';

/**
 * How long the rules may run before yielding to the event loop. Long enough that a small spec is
 * audited in one go, short enough that a cancel or timeout is noticed while a large one is.
 */
const YIELD_AFTER_MS = 20;

/**
 * Runs the spec rules one family at a time, yielding to the event loop between families whenever
 * the last yield is more than a moment ago, so a cancel or timeout is noticed even while a large
 * spec is being audited.
 */
export async function runStaticAudit(
  spec: LoadedSpec,
  families: readonly StaticRuleFamily[],
  isSelected: (rule: RuleMeta) => boolean,
  signal: AbortSignal,
  progress: ProgressReporter,
  emit: (drafts: FindingDraft[]) => void,
): Promise<void> {
  const selected = families.filter((family) => family.rules.some(isSelected));
  const selectedIds = new Set(selected.flatMap((family) => family.rules.filter(isSelected).map((rule) => rule.id)));
  progress.stage('static audit', 0, selected.length, `static audit 0/${selected.length} rule groups`);
  let lastYield = performance.now();
  for (const [index, family] of selected.entries()) {
    if (performance.now() - lastYield >= YIELD_AFTER_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    signal.throwIfAborted();
    try {
      emit(family.run(spec).filter((draft) => selectedIds.has(draft.ruleId)));
    } catch (error) {
      progress.warn(`spec rules "${family.name}" failed: ${(error as Error).message}`);
    }
    progress.stage(
      'static audit',
      index + 1,
      selected.length,
      `static audit ${index + 1}/${selected.length} rule groups`,
    );
  }
}
