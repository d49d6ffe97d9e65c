import { readFileSync } from 'node:fs';
import { RULE_CATALOG } from './rules/rule-catalog.js';

/** Rule rows of the README table as `[id, category, cwe, severity, title]`, whitespace ignored (prettier pads them). */
function documentedRules(): Map<string, string[]> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = readme
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => cells.length === 5 && /^`(http|spec)\./.test(cells[0] ?? ''));
  return new Map(rows.map((cells) => [cells[0]!.replace(/`/g, ''), cells]));
}

describe('README rule table', () => {
  const documented = documentedRules();

  it.each(RULE_CATALOG.map((rule) => [rule.id, rule] as const))('documents %s as it is coded', (id, rule) => {
    expect(documented.get(id)).toEqual([`\`${id}\``, rule.category, rule.cweId, rule.severity, rule.title]);
  });

  it('lists no rule that does not exist', () => {
    expect([...documented.keys()].sort()).toEqual(RULE_CATALOG.map((rule) => rule.id).sort());
  });
});
