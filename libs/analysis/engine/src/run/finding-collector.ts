import type { EngineFinding, Severity } from '../engine.types.js';
import { buildFinding } from '../rules/finding-factory.js';
import type { FindingDraft, RuleMeta } from '../rules/rule.types.js';
import type { ProgressReporter } from './progress-reporter.js';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Turns drafts into findings, drops duplicates (same fingerprint) and streams each new one out. */
export class FindingCollector {
  private readonly byFingerprint = new Map<string, EngineFinding>();
  private readonly rules: ReadonlyMap<string, RuleMeta>;

  constructor(
    rules: readonly RuleMeta[],
    private readonly progress: ProgressReporter,
  ) {
    this.rules = new Map(rules.map((rule) => [rule.id, rule]));
  }

  add(drafts: readonly FindingDraft[]): void {
    for (const draft of drafts) {
      const meta = this.rules.get(draft.ruleId);
      if (!meta) throw new Error(`finding for unknown rule ${draft.ruleId}`);
      const finding = buildFinding(meta, draft);
      if (this.byFingerprint.has(finding.fingerprint)) continue;
      this.byFingerprint.set(finding.fingerprint, finding);
      this.progress.finding(finding);
    }
  }

  /** Most severe first, then by rule, so reports and snapshots are stable. */
  sorted(): EngineFinding[] {
    return [...this.byFingerprint.values()].sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.ruleId.localeCompare(b.ruleId) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
  }
}
