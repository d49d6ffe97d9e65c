import type { FindingDraft } from '../rules/rule.types.js';
import type { StaticRuleFamily } from '../rules/static/static-rule.types.js';
import { loadSpec } from '../spec/spec-loader.js';

/** Runs one static rule family on a document given as an object (serialized to JSON) or as text. */
export async function auditWith(family: StaticRuleFamily, doc: object | string): Promise<FindingDraft[]> {
  return family.run(await loadSpec(typeof doc === 'string' ? doc : JSON.stringify(doc)));
}

/** A minimal OpenAPI 3.0 document around the given paths and extra top-level members. */
export function oas3(paths: object, extra: object = {}): object {
  return { openapi: '3.0.3', info: { title: 'Test', version: '1' }, paths, ...extra };
}

/** The rule ids of some drafts, for "fires"/"does not fire" assertions. */
export function ruleIds(drafts: readonly FindingDraft[]): string[] {
  return drafts.map((draft) => draft.ruleId);
}
