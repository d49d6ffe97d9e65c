import { RULE_CATALOG, type EngineFinding, type FindingLocation, type RuleMeta } from '@so/analysis-engine';

/**
 * A rule's own metadata for a finding's ruleId: the run's rule list first, then the engine catalogue,
 * then the finding itself (a rule from a newer engine). Findings may carry a per-occurrence title,
 * severity and description; rule-level texts (SARIF rules, JUnit names) must not.
 */
export function ruleMetaFor(finding: EngineFinding, known: readonly RuleMeta[] | undefined): RuleMeta {
  const meta =
    known?.find((rule) => rule.id === finding.ruleId) ?? RULE_CATALOG.find((rule) => rule.id === finding.ruleId);
  if (meta) return meta;
  return {
    id: finding.ruleId,
    title: finding.title,
    category: finding.category,
    cweId: finding.cweId,
    severity: finding.severity,
    description: finding.description,
    recommendation: finding.recommendation,
  };
}

/** Rules in first-seen order: those the run declared, then any others that have findings. */
export function rulesOfRun(findings: readonly EngineFinding[], known: readonly RuleMeta[] | undefined): RuleMeta[] {
  const byId = new Map<string, RuleMeta>();
  for (const rule of known ?? []) byId.set(rule.id, rule);
  for (const finding of findings) {
    if (!byId.has(finding.ruleId)) byId.set(finding.ruleId, ruleMetaFor(finding, known));
  }
  return [...byId.values()];
}

/** `http.cors.wildcard-with-credentials` -> `HttpCorsWildcardWithCredentials` (SARIF `name`). */
export function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** `CWE-942` -> `942`, or undefined when the id is not in that form. */
export function cweNumber(cweId: string): string | undefined {
  return /^CWE-(\d+)$/i.exec(cweId.trim())?.[1];
}

/** `/paths/~1users~1{id}/get/...` -> `{ method: 'GET', path: '/users/{id}' }`; undefined outside `paths`. */
export function operationOfPointer(pointer: string): { method: string; path: string } | undefined {
  const [, root, path, method] = pointer.split('/');
  if (root !== 'paths' || path === undefined || method === undefined) return undefined;
  if (!/^(get|put|post|delete|options|head|patch|trace)$/.test(method)) return undefined;
  return { method: method.toUpperCase(), path: path.replace(/~1/g, '/').replace(/~0/g, '~') };
}

/** Where a finding is, for people: `GET http://host/users`, `POST /users (spec line 11)`, or the pointer. */
export function locationLabel(location: Omit<FindingLocation, 'others'>): string {
  const { method, url, pointer, line } = location;
  const at = line !== undefined ? ` (spec line ${line})` : '';
  if (url) return `${method ? `${method.toUpperCase()} ` : ''}${url}${at}`;
  if (pointer) {
    const operation = operationOfPointer(pointer);
    const rest = operation ? pointer.split('/').slice(4).join('/') : '';
    if (operation) return `${operation.method} ${operation.path}${rest ? ` → /${rest}` : ''}${at}`;
    return `${pointer}${at}`;
  }
  return line !== undefined ? `spec line ${line}` : '(whole API)';
}
