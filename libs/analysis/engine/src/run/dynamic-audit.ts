import { TargetUnreachableError } from '../errors/engine.errors.js';
import type { ProbeClient } from '../http/probe-client.js';
import type { ProbeExchange } from '../http/probe.types.js';
import type { DynamicRuleContext, DynamicRuleFamily } from '../rules/dynamic/dynamic-rule.types.js';
import type { FindingDraft, RuleMeta } from '../rules/rule.types.js';
import type { VettedTarget } from '../target/target-policy.js';
import { mapLimit } from './map-limit.js';
import type { ProbeProgress, ProgressReporter } from './progress-reporter.js';

export interface DynamicAuditInput {
  target: VettedTarget;
  client: ProbeClient;
  families: readonly DynamicRuleFamily[];
  isSelected: (rule: RuleMeta) => boolean;
  deepScan: boolean;
  concurrency: number;
  signal: AbortSignal;
  progress: ProgressReporter;
  probeProgress: ProbeProgress;
  /** Called with each family's drafts as soon as that family finishes. */
  emit: (drafts: FindingDraft[]) => void;
}

/**
 * Runs the live checks. The shared baseline request goes first: if the target cannot answer it,
 * the run fails with TargetUnreachableError rather than reporting a clean score for a dead host.
 */
export async function runDynamicAudit(input: DynamicAuditInput): Promise<void> {
  const families = selectedFamilies(input.families, input.isSelected);
  if (families.length === 0) return;
  const total = families.length;
  input.probeProgress.report(`probing 0/${total} checks`);
  const baseline = await fetchBaseline(input.client, input.signal);
  const selectedIds = new Set(
    families.flatMap((family) => family.rules.filter(input.isSelected).map((rule) => rule.id)),
  );
  const context: DynamicRuleContext = {
    target: input.target,
    client: input.client,
    baseline: async () => baseline,
    deepScan: input.deepScan,
    isSelected: (ruleId) => selectedIds.has(ruleId),
  };
  let done = 0;
  await mapLimit(families, input.concurrency, input.signal, async (family) => {
    try {
      const drafts = await family.run(context);
      input.emit(drafts.filter((draft) => selectedIds.has(draft.ruleId)));
    } catch (error) {
      if (input.signal.aborted) throw error;
      input.progress.warn(`check "${family.name}" skipped: ${(error as Error).message}`);
    }
    done += 1;
    input.probeProgress.advance(`probing ${done}/${total} checks`);
  });
}

async function fetchBaseline(client: ProbeClient, signal: AbortSignal): Promise<ProbeExchange> {
  try {
    return await client.send({ method: 'GET', path: '' });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const url = client.urlFor('').toString();
    throw new TargetUnreachableError(`target ${url} did not answer: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code ? `${code} ${message ?? ''}`.trim() : (message ?? String(error));
}

export function selectedFamilies(
  families: readonly DynamicRuleFamily[],
  isSelected: (rule: RuleMeta) => boolean,
): DynamicRuleFamily[] {
  return families.filter((family) => family.rules.some(isSelected));
}
