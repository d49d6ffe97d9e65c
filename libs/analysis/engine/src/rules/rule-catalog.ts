import { ACTIVE_RULE_FAMILIES } from './active/index.js';
import { DYNAMIC_RULE_FAMILIES } from './dynamic/index.js';
import { UNAUTHENTICATED_ACCESS } from './dynamic/unauthenticated-access.rule.js';
import type { RuleMeta } from './rule.types.js';
import { STATIC_RULE_FAMILIES } from './static/index.js';

/** Every rule the engine knows, for UIs that let users pick `vulnerabilityTypes` and for the README table. */
export const RULE_CATALOG: readonly RuleMeta[] = [
  ...DYNAMIC_RULE_FAMILIES.flatMap((family) => family.rules),
  UNAUTHENTICATED_ACCESS,
  ...ACTIVE_RULE_FAMILIES.flatMap((family) => family.rules),
  ...STATIC_RULE_FAMILIES.flatMap((family) => family.rules),
];
