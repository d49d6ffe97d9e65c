import type { FindingBatch, FindingToPush } from '../connector.types.js';
import { splitLabels, type JiraSettings } from '../config/connector-settings.schema.js';

/** Jira refuses a longer summary. */
const MAX_SUMMARY = 255;

/** The body of `POST /rest/api/2/issue` for one finding. */
export interface JiraIssueRequest {
  fields: {
    project: { key: string };
    issuetype: { name: string };
    summary: string;
    description: string;
    labels: string[];
  };
}

export function jiraIssueRequest(config: JiraSettings['config'], batch: FindingBatch, finding: FindingToPush): JiraIssueRequest {
  return {
    fields: {
      project: { key: config.projectKey },
      issuetype: { name: config.issueType },
      // The summary is plain text in Jira, so it needs no escaping; it must fit on one line.
      summary: `[${finding.severity}] ${finding.title}`.replace(/\s+/g, ' ').trim().slice(0, MAX_SUMMARY),
      description: jiraDescription(batch, finding),
      labels: splitLabels(config.labels),
    },
  };
}

/**
 * The description in Jira wiki markup (what API v2 takes on Cloud, Server and Data Center): a table
 * of what the finding is and where, then where its evidence and fix are, then the fingerprint marker.
 * Every value coming from a finding is escaped, so a title cannot inject markup or links.
 */
export function jiraDescription(batch: FindingBatch, finding: FindingToPush): string {
  const rows: Array<[string, string]> = [
    ['Severity', escapeWiki(finding.severity.toUpperCase())],
    ['OWASP', escapeWiki(finding.owaspCategory)],
  ];
  if (finding.cweId) rows.push(['CWE', cweLink(finding.cweId)]);
  if (finding.location) rows.push(['Location', escapeWiki(finding.location)]);
  rows.push(['Rule', escapeWiki(finding.ruleId)], ['Project', escapeWiki(batch.projectId)], ['Analysis', escapeWiki(batch.analysisId)]);
  return [
    `h3. ${escapeWiki(finding.title)}`,
    ...rows.map(([name, value]) => `||${name}|${value}|`),
    '',
    // The finding event carries no evidence excerpt or remediation text; the analysis report has both.
    `Evidence (request and response excerpts) and the recommended fix are in the analysis report: ` +
      `{{/api/v1/analyses/${escapeWiki(batch.analysisId)}/report.html}} on the Security Orchestrator gateway.`,
    '',
    // Lets people (and a future reconciliation) find the issue of a fingerprint: JQL `text ~ "<fingerprint>"`.
    `security-orchestrator fingerprint: ${escapeWiki(finding.fingerprint)}`,
  ].join('\n');
}

/** `CWE-639` links to its MITRE entry; anything else is shown as text. */
function cweLink(cweId: string): string {
  const match = /^CWE-(\d{1,6})$/i.exec(cweId.trim());
  if (!match) return escapeWiki(cweId);
  return `[CWE-${match[1]}|https://cwe.mitre.org/data/definitions/${match[1]}.html]`;
}

/**
 * Backslash-escapes wiki markup's special characters (text effects, links, macros, tables, lists)
 * and folds line breaks, so a value stays literal text inside one table cell. A hyphen between two
 * letters or digits is left alone: it cannot open strike-through or a dash there, and ids
 * (`CWE-639`, UUIDs) stay readable and searchable.
 */
export function escapeWiki(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\{}[\]|*_+^~?!#]|(?<![A-Za-z0-9])-|-(?![A-Za-z0-9])/g, (character) => `\\${character}`);
}
