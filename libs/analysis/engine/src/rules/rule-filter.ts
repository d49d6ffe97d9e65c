import type { RuleMeta } from './rule.types.js';

/**
 * `vulnerabilityTypes` selects rules by id prefix (`http.cors`) or OWASP category (`API8:2023`,
 * also `API8` or `api8`). Categories match exactly so `API1` never selects `API10:2023`.
 * Empty means every rule.
 */
export function createRuleFilter(types: readonly string[]): (rule: RuleMeta) => boolean {
  const wanted = (types ?? []).map((t) => t.trim()).filter(Boolean);
  if (wanted.length === 0) return () => true;
  const categories = new Set<string>();
  const prefixes: string[] = [];
  for (const type of wanted) {
    const category = /^api(\d{1,2})(?::2023)?$/i.exec(type);
    if (category) categories.add(`API${Number(category[1])}:2023`);
    else prefixes.push(type.toLowerCase());
  }
  return (rule) => categories.has(rule.category) || prefixes.some((prefix) => rule.id.toLowerCase().startsWith(prefix));
}
