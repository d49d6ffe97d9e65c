import type { ActiveRuleFamily } from './active-rule.types.js';
import { bflaRule } from './bfla.rule.js';
import { bolaRule } from './bola.rule.js';
import { dataExposureRule } from './data-exposure.rule.js';
import { injectionRule } from './injection.rule.js';
import { inventoryRule } from './inventory.rule.js';
import { jwtRule } from './jwt.rule.js';
import { massAssignmentRule } from './mass-assignment.rule.js';
import { pageSizeRule } from './page-size.rule.js';
import { rateLimitRule } from './rate-limit.rule.js';
import { ssrfRule } from './ssrf.rule.js';
import { unsignedCallbackRule } from './unsigned-callback.rule.js';

/**
 * Live checks that need the spec (and, for some, test credentials), in the order they run:
 * read-only checks first, bursts late (a limiter they trip should not hide other flaws), and mass
 * assignment last because it is the one check that changes data on purpose (and puts it back).
 */
export const ACTIVE_RULE_FAMILIES: readonly ActiveRuleFamily[] = [
  dataExposureRule,
  bolaRule,
  bflaRule,
  jwtRule,
  injectionRule,
  ssrfRule,
  pageSizeRule,
  inventoryRule,
  unsignedCallbackRule,
  rateLimitRule,
  massAssignmentRule,
];
