import type { EngineFinding } from '@so/analysis-engine';
import { escapeHtml } from '../escape.js';
import { cweNumber, locationLabel } from '../rule-metadata.js';
import { isSeverity } from '../severity.js';

/** One finding as an <article>; every value from the finding is escaped (it may come from the scanned API). */
export function findingHtml(finding: EngineFinding): string {
  // The class name is the only place a value reaches an attribute unquoted-by-escaping; pin it to the enum.
  const severity = isSeverity(finding.severity) ? finding.severity : 'info';
  const cwe = cweNumber(finding.cweId);
  const cweHtml = cwe
    ? `<a href="https://cwe.mitre.org/data/definitions/${cwe}.html" rel="noreferrer">${escapeHtml(finding.cweId)}</a>`
    : escapeHtml(finding.cweId);
  const others = finding.location.others ?? [];
  const facts = [
    fact('Rule', `<code>${escapeHtml(finding.ruleId)}</code>`),
    fact('Weakness', cweHtml),
    fact('Where', escapeHtml(locationLabel(finding.location))),
    ...(others.length > 0 ? [fact('Also', others.map((other) => escapeHtml(locationLabel(other))).join('<br>'))] : []),
  ];
  const evidence = finding.evidence
    ? `<details><summary>Evidence</summary>` +
      `<h4>Request</h4><pre>${escapeHtml(finding.evidence.request)}</pre>` +
      `<h4>Response</h4><pre>${escapeHtml(finding.evidence.response)}</pre></details>`
    : '';
  return [
    `<article class="finding sev-${severity}">`,
    `<h3><span class="badge">${severity}</span>${escapeHtml(finding.title)}</h3>`,
    `<dl class="facts">${facts.join('')}</dl>`,
    `<p>${escapeHtml(finding.description)}</p>`,
    `<p><strong>How to fix:</strong> ${escapeHtml(finding.recommendation)}</p>`,
    evidence,
    `<p class="fingerprint">fingerprint ${escapeHtml(finding.fingerprint)}</p>`,
    `</article>`,
  ].join('\n');
}

function fact(name: string, valueHtml: string): string {
  return `<dt>${name}</dt><dd>${valueHtml}</dd>`;
}
