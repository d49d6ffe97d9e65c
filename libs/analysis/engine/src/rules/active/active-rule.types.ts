import type { CredentialRole } from '../../http/credentials.js';
import type { ProbeSession } from '../../http/probe-session.js';
import type { ProbeRequest } from '../../http/probe.types.js';
import type { RequestOverrides } from '../../spec/request-builder.js';
import type { LoadedSpec, SpecOperation } from '../../spec/spec-model.js';
import type { VettedTarget } from '../../target/target-policy.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { Observations } from './observations.js';

/**
 * What the spec-driven live checks share: the spec, a session that can speak as each test
 * account, and the responses of the credentialed sweep (fetched once, read by several checks).
 */
export interface ActiveProbeContext {
  spec: LoadedSpec;
  target: VettedTarget;
  session: ProbeSession;
  deepScan: boolean;
  /** Prefix for spec paths (`/v1`), empty when the target URL already has a path. */
  basePath: string;
  /** Operations within `maxDepth`; each check picks the methods it may send. */
  operations: readonly SpecOperation[];
  concurrency: number;
  observations: Observations;
  signal: AbortSignal;
  isSelected(ruleId: string): boolean;
  warn(message: string): void;
  request(operation: SpecOperation, overrides?: RequestOverrides): ProbeRequest;
  /** `primary` for operations that need credentials (when one is configured), else `anonymous`. */
  roleFor(operation: SpecOperation): CredentialRole;
}

/** A group of rules sharing probes (one file each, `<name>.rule.ts`), run in catalogue order. */
export interface ActiveRuleFamily {
  name: string;
  rules: readonly RuleMeta[];
  run(context: ActiveProbeContext): Promise<FindingDraft[]>;
}
