import type { FindingDraft, RuleMeta } from '../rules/rule.types.js';
import type { StaticRuleFamily } from '../rules/static/static-rule.types.js';
import type { LoadedSpec } from '../spec/spec-model.js';
import type { ProgressReporter } from './progress-reporter.js';

/**
 * Runs the spec rules one family at a time, yielding to the event loop between families so a
 * cancel or timeout is noticed even while a large spec is being audited.
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
  for (const [index, family] of selected.entries()) {
    await new Promise((resolve) => setImmediate(resolve));
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
