import { corsRule } from './cors.rule.js';
import type { DynamicRuleFamily } from './dynamic-rule.types.js';
import { plainHttpRule } from './plain-http.rule.js';
import { securityHeadersRule } from './security-headers.rule.js';
import { verboseErrorsRule } from './verbose-errors.rule.js';
import { versionDisclosureRule } from './version-disclosure.rule.js';

/** Checks that only need the target URL (the walking skeleton's live scan). */
export const DYNAMIC_RULE_FAMILIES: readonly DynamicRuleFamily[] = [
  plainHttpRule,
  securityHeadersRule,
  corsRule,
  versionDisclosureRule,
  verboseErrorsRule,
];
