import type { ResolvedCredentials } from '../http/credentials.js';
import type { ProbeClient } from '../http/probe-client.js';
import { ProbeSession } from '../http/probe-session.js';
import { RequestBudgetExhausted } from '../http/request-budget-exhausted.js';
import type { ActiveProbeContext, ActiveRuleFamily } from '../rules/active/active-rule.types.js';
import { Observations } from '../rules/active/observations.js';
import { isSecured } from '../rules/active/probe-helpers.js';
import type { FindingDraft, RuleMeta } from '../rules/rule.types.js';
import { buildRequest } from '../spec/request-builder.js';
import { specBasePath } from '../spec/sample-request.js';
import type { LoadedSpec } from '../spec/spec-model.js';
import type { VettedTarget } from '../target/target-policy.js';
import { eligibleOperations } from './operation-probe.js';
import type { ProbeProgress, ProgressReporter } from './progress-reporter.js';

export interface ActiveProbeInput {
  spec: LoadedSpec;
  target: VettedTarget;
  client: ProbeClient;
  credentials: ResolvedCredentials;
  families: readonly ActiveRuleFamily[];
  isSelected: (rule: RuleMeta) => boolean;
  deepScan: boolean;
  maxDepth: number;
  concurrency: number;
  requestBudget: number;
  signal: AbortSignal;
  progress: ProgressReporter;
  probeProgress: ProbeProgress;
  emit: (drafts: FindingDraft[]) => void;
}

/**
 * Runs the spec-driven checks one family at a time, in catalogue order (later ones may rely on
 * earlier ones having finished, and mass assignment must run alone). A family that fails or runs
 * out of budget becomes a warning; the rest still run.
 */
export async function runActiveProbes(input: ActiveProbeInput): Promise<void> {
  const families = input.families.filter((family) => family.rules.some(input.isSelected));
  if (families.length === 0) return;
  const selectedIds = new Set(
    families.flatMap((family) => family.rules.filter(input.isSelected).map((rule) => rule.id)),
  );
  const session = new ProbeSession(input.client, input.credentials, input.requestBudget);
  const basePath = input.target.url.pathname.replace(/\/+$/, '') === '' ? specBasePath(input.spec) : '';
  const done = (family: ActiveRuleFamily, index: number): void =>
    input.probeProgress.advance(`probing ${index + 1}/${families.length} spec checks (${family.name})`);

  try {
    const catchAll = await session.send({ method: 'GET', path: `${basePath}/__so_probe__/does-not-exist` });
    if (catchAll && catchAll.response.status >= 200 && catchAll.response.status < 300) {
      input.progress.warn(
        'spec checks skipped: the target answers 2xx for paths that do not exist, so a 2xx proves nothing',
      );
      families.forEach(done);
      return;
    }
  } catch (error) {
    if (!(error instanceof RequestBudgetExhausted)) throw error;
  }
  // The sweep reads the context lazily: it is built from the context it belongs to.
  const observations = new Observations(() => context);
  const context: ActiveProbeContext = {
    spec: input.spec,
    target: input.target,
    session,
    deepScan: input.deepScan,
    basePath,
    operations: eligibleOperations(input.spec, { deepScan: true, maxDepth: input.maxDepth }),
    concurrency: input.concurrency,
    observations,
    signal: input.signal,
    isSelected: (ruleId) => selectedIds.has(ruleId),
    warn: (message) => input.progress.warn(message),
    request: (operation, overrides) => buildRequest(input.spec, operation, basePath, overrides),
    roleFor: (operation) => (isSecured(operation) && input.credentials.has('primary') ? 'primary' : 'anonymous'),
  };
  const skipped: string[] = [];
  for (const [index, family] of families.entries()) {
    input.signal.throwIfAborted();
    if (skipped.length > 0) skipped.push(family.name);
    else {
      try {
        const drafts = await family.run(context);
        input.emit(drafts.filter((draft) => selectedIds.has(draft.ruleId)));
      } catch (error) {
        if (input.signal.aborted) throw input.signal.reason ?? error;
        if (error instanceof RequestBudgetExhausted) skipped.push(family.name);
        else input.progress.warn(`check "${family.name}" skipped: ${(error as Error).message}`);
      }
    }
    done(family, index);
  }
  if (skipped.length > 0) {
    input.progress.warn(`request budget of ${input.requestBudget} used up; checks cut short: ${skipped.join(', ')}`);
  }
}
