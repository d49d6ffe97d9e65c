import { adminPathsRule } from './admin-paths.rule.js';
import { authRule } from './auth.rule.js';
import { callbacksRule } from './callbacks.rule.js';
import { errorResponsesRule } from './error-responses.rule.js';
import { parametersRule } from './parameters.rule.js';
import { rateLimitRule } from './rate-limit.rule.js';
import { readAccessRule } from './read-access.rule.js';
import { requestSchemaRule } from './request-schema.rule.js';
import { requestValuesRule } from './request-values.rule.js';
import { responseDataRule } from './response-data.rule.js';
import { responseHeadersRule } from './response-headers.rule.js';
import { securitySchemesRule } from './security-schemes.rule.js';
import { serverInventoryRule } from './server-inventory.rule.js';
import { serverTransportRule } from './server-transport.rule.js';
import type { StaticRuleFamily } from './static-rule.types.js';

/** Checks that read the OpenAPI document only. */
export const STATIC_RULE_FAMILIES: readonly StaticRuleFamily[] = [
  authRule,
  serverTransportRule,
  rateLimitRule,
  requestSchemaRule,
  parametersRule,
  responseDataRule,
  adminPathsRule,
  callbacksRule,
  securitySchemesRule,
  readAccessRule,
  errorResponsesRule,
  responseHeadersRule,
  requestValuesRule,
  serverInventoryRule,
];
