import type { RuleMeta } from './rule.types.js';
import { createRuleFilter } from './rule-filter.js';

const rule = (id: string, category: RuleMeta['category']): RuleMeta => ({
  id,
  category,
  title: id,
  cweId: 'CWE-1',
  severity: 'low',
  description: '',
  recommendation: '',
});

describe('createRuleFilter', () => {
  const cors = rule('http.cors.wildcard-with-credentials', 'API8:2023');
  const callbacks = rule('spec.callbacks.declared', 'API10:2023');

  it('selects everything when empty', () => {
    expect([cors, callbacks].filter(createRuleFilter([]))).toEqual([cors, callbacks]);
  });

  it('matches rule id prefixes and OWASP categories in several spellings', () => {
    expect([cors, callbacks].filter(createRuleFilter(['http.cors']))).toEqual([cors]);
    expect([cors, callbacks].filter(createRuleFilter(['API8:2023']))).toEqual([cors]);
    expect([cors, callbacks].filter(createRuleFilter(['api10']))).toEqual([callbacks]);
  });

  it('does not let API1 select API10', () => {
    expect([cors, callbacks].filter(createRuleFilter(['API1']))).toEqual([]);
  });
});
