import { childPointer } from '../../spec/pointer.js';
import { isObject, type JsonObject } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import { groupLocation, type StaticRuleFamily } from './static-rule.types.js';

export const SERVER_AUDIENCE_UNDECLARED: RuleMeta = {
  id: 'spec.inventory.server-audience-undeclared',
  title: 'Servers do not declare their audience',
  category: 'API9:2023',
  cweId: 'CWE-1059',
  severity: 'info',
  description:
    'Servers without `x-internal: true/false` leave documentation tools and reviewers to guess which hosts are public, the way internal hosts end up in public docs or stay unprotected.',
  recommendation:
    'Set `x-internal: true` or `x-internal: false` on every server, and publish internal servers only in internal documentation.',
};

export const SERVER_ENVIRONMENT_UNDECLARED: RuleMeta = {
  id: 'spec.inventory.server-environment-undeclared',
  title: 'Servers do not name their environment',
  category: 'API9:2023',
  cweId: 'CWE-1059',
  severity: 'info',
  description:
    'A server whose description names no environment (production, staging, sandbox, ...) invites clients and testers to use the wrong one, exposing test data or reaching production-like hosts with weaker protection.',
  recommendation:
    'Name the environment in each server description ("Production", "Staging", "Sandbox") and retire servers that are no longer maintained.',
};

/**
 * Spectral's words plus dev, QA, UAT, demo, mock and preview, matched at the start of a word
 * ("Pre-production EU", "staging-2" pass; "latest" does not name an environment).
 */
const ENVIRONMENT = /\b(local|sandbox|alpha|beta|test|stag|prod|preprod|next|dev|qa|uat|demo|mock|preview)/i;

/** OAS 3 top-level servers; Swagger 2 has no server objects to annotate, so there is nothing to ask. */
export const serverInventoryRule: StaticRuleFamily = {
  name: 'server inventory',
  rules: [SERVER_AUDIENCE_UNDECLARED, SERVER_ENVIRONMENT_UNDECLARED],
  run(spec) {
    const servers = Array.isArray(spec.raw['servers'])
      ? spec.raw['servers'].flatMap((value, i) =>
          isObject(value) ? [{ value, pointer: childPointer('/servers', i) }] : [],
        )
      : [];
    const drafts: FindingDraft[] = [];
    const noAudience = servers.filter((server) => typeof server.value['x-internal'] !== 'boolean');
    if (noAudience.length > 0) {
      drafts.push({
        ruleId: SERVER_AUDIENCE_UNDECLARED.id,
        detail: `${noAudience.length} of ${servers.length} server(s): ${noAudience.map(label).join(', ')}.`,
        location: groupLocation(spec, noAudience),
      });
    }
    const noEnvironment = servers.filter((server) => !ENVIRONMENT.test(String(server.value['description'] ?? '')));
    if (noEnvironment.length > 0) {
      drafts.push({
        ruleId: SERVER_ENVIRONMENT_UNDECLARED.id,
        detail: `${noEnvironment.length} of ${servers.length} server(s): ${noEnvironment.map(label).join(', ')}.`,
        location: groupLocation(spec, noEnvironment),
      });
    }
    return drafts;
  },
};

function label(server: { value: JsonObject }): string {
  return String(server.value['url'] ?? '(no url)');
}
