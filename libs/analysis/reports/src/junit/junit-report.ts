import type { EngineFinding, OwaspApiCategory, Severity } from '@so/analysis-engine';
import { escapeXml, escapeXmlAttribute } from '../escape.js';
import { owaspCategoryName, owaspCategoryOrder } from '../owasp-categories.js';
import type { ReportModel } from '../report.types.js';
import { analysisTimes } from '../report-input.js';
import { locationLabel, operationOfPointer, rulesOfRun } from '../rule-metadata.js';
import { isAtLeast, maxSeverity, severityRank } from '../severity.js';

export interface JunitOptions {
  /** Findings at or above this severity fail their test case; `none` never fails. Default `high`. */
  failOn?: Severity | 'none';
}

interface TestCase {
  category: OwaspApiCategory;
  ruleId: string;
  name: string;
  findings: EngineFinding[];
}

/**
 * JUnit XML for CI test tabs: one suite per OWASP category, one test case per rule and operation.
 * A case fails when one of its findings reaches `failOn`; lower findings are listed in its
 * system-out. Rules that ran without findings (when `model.rules` is given) appear as passed cases.
 */
export function renderJunit(model: ReportModel, options: JunitOptions = {}): string {
  const failOn = options.failOn ?? 'high';
  const fails = (finding: EngineFinding): boolean => failOn !== 'none' && isAtLeast(finding.severity, failOn);
  const times = analysisTimes(model.analysis);
  const cases = testCases(model);
  const suites = groupBy(cases, (testCase) => testCase.category).sort(
    ([a], [b]) => owaspCategoryOrder(a) - owaspCategoryOrder(b),
  );
  const failures = (list: TestCase[]): number => list.filter((testCase) => testCase.findings.some(fails)).length;
  const seconds = (times.durationMs / 1000).toFixed(3);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttribute(model.tool.name)}" tests="${Math.max(cases.length, 1)}" failures="${failures(cases)}" errors="0" skipped="0" time="${seconds}" timestamp="${times.startedAt}">`,
  ];
  for (const [category, list] of suites) {
    lines.push(
      `  <testsuite name="${escapeXmlAttribute(`${category} ${owaspCategoryName(category)}`)}" tests="${list.length}" failures="${failures(list)}" errors="0" skipped="0" time="0" timestamp="${times.startedAt}">`,
    );
    for (const testCase of list) lines.push(...renderCase(testCase, fails));
    lines.push('  </testsuite>');
  }
  if (cases.length === 0) {
    // Some CI servers treat a report without test cases as a broken run; a clean scan is a pass.
    lines.push(`  <testsuite name="security scan" tests="1" failures="0" errors="0" skipped="0" time="${seconds}">`);
    lines.push(`    <testcase classname="${escapeXmlAttribute(model.tool.name)}" name="no findings" time="0"/>`);
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

function testCases(model: ReportModel): TestCase[] {
  const byKey = new Map<string, TestCase>();
  for (const finding of model.findings) {
    const name = operationName(finding);
    const key = `${finding.ruleId}\n${name}`;
    const existing = byKey.get(key);
    if (existing) existing.findings.push(finding);
    else byKey.set(key, { category: finding.category, ruleId: finding.ruleId, name, findings: [finding] });
  }
  const withFindings = new Set(model.findings.map((finding) => finding.ruleId));
  for (const rule of rulesOfRun([], model.rules)) {
    if (!withFindings.has(rule.id)) {
      byKey.set(rule.id, { category: rule.category, ruleId: rule.id, name: 'no findings', findings: [] });
    }
  }
  const worst = (testCase: TestCase): number =>
    severityRank(
      maxSeverity(
        testCase.findings.map((finding) => finding.severity),
        'info',
      ),
    ) + (testCase.findings.length > 0 ? 1 : 0);
  return [...byKey.values()].sort(
    (a, b) => worst(b) - worst(a) || a.ruleId.localeCompare(b.ruleId) || a.name.localeCompare(b.name),
  );
}

/** The operation a finding is about: `GET /users/{id}` from the spec, else method and URL path. */
function operationName(finding: EngineFinding): string {
  const { pointer, url, method } = finding.location;
  const operation = pointer ? operationOfPointer(pointer) : undefined;
  if (operation) return `${operation.method} ${operation.path}`;
  if (url) {
    const path = URL.canParse(url) ? new URL(url).pathname : url;
    return `${method ? `${method.toUpperCase()} ` : ''}${path}`;
  }
  return pointer ?? '(whole API)';
}

function renderCase(testCase: TestCase, fails: (finding: EngineFinding) => boolean): string[] {
  const open = `    <testcase classname="${escapeXmlAttribute(testCase.ruleId)}" name="${escapeXmlAttribute(testCase.name)}" time="0"`;
  if (testCase.findings.length === 0) return [`${open}/>`];
  const failing = testCase.findings.filter(fails);
  const passing = testCase.findings.filter((finding) => !fails(finding));
  const lines = [`${open}>`];
  if (failing.length > 0) {
    const first = failing[0]!;
    const message = `[${first.severity}] ${first.title}${failing.length > 1 ? ` (+${failing.length - 1} more)` : ''}`;
    lines.push(
      `      <failure message="${escapeXmlAttribute(message)}" type="${first.severity}">${escapeXml(failing.map(details).join('\n\n'))}</failure>`,
    );
  }
  if (passing.length > 0) {
    const text = `Below the failure threshold:\n\n${passing.map(details).join('\n\n')}`;
    lines.push(`      <system-out>${escapeXml(text)}</system-out>`);
  }
  lines.push('    </testcase>');
  return lines;
}

function details(finding: EngineFinding): string {
  const lines = [
    `[${finding.severity}] ${finding.title}`,
    `rule: ${finding.ruleId} (${finding.category}, ${finding.cweId})`,
    `where: ${locationLabel(finding.location)}`,
    ...(finding.location.others ?? []).map((other) => `also: ${locationLabel(other)}`),
    `why: ${finding.description}`,
    `fix: ${finding.recommendation}`,
    `fingerprint: ${finding.fingerprint}`,
  ];
  if (finding.evidence) lines.push('request:', finding.evidence.request, 'response:', finding.evidence.response);
  return lines.join('\n');
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Array<[K, T[]]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups];
}
