import type { ProbeClient } from '../../http/probe-client.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import type { VettedTarget } from '../../target/target-policy.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';

export interface DynamicRuleContext {
  target: VettedTarget;
  client: ProbeClient;
  /** `GET <targetUrl>` sent once and shared, so header checks cost one request together. */
  baseline(): Promise<ProbeExchange>;
  deepScan: boolean;
  /** Rules of this family that the run selected; a family skips probes only unselected rules need. */
  isSelected(ruleId: string): boolean;
}

/** Rules that share probes (one file each, `<name>.rule.ts`). */
export interface DynamicRuleFamily {
  name: string;
  rules: readonly RuleMeta[];
  run(context: DynamicRuleContext): Promise<FindingDraft[]>;
}
