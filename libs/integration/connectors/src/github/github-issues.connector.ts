import type { Connector, ConnectorContext, DeliveryReport, ExternalIssue, FindingBatch, FindingToPush } from '../connector.types.js';
import { ConnectorError } from '../connector.error.js';
import { parseConnectorSettings, splitLabels, type GithubSettings } from '../config/connector-settings.schema.js';
import type { ConnectorHttpClient } from '../http/connector-http.client.js';
import { expectSuccess } from '../http/response-check.js';
import { openIssuePerFingerprint, parseJsonAnswer } from '../issues/issue-per-fingerprint.js';

/**
 * One GitHub issue per finding fingerprint (POST /repos/{owner}/{repo}/issues); the ledger keeps it
 * to one issue per fingerprint (see openIssuePerFingerprint).
 */
export class GithubIssuesConnector implements Connector {
  readonly type = 'github' as const;

  constructor(private readonly http: ConnectorHttpClient) {}

  async deliver(batch: FindingBatch, context: ConnectorContext): Promise<DeliveryReport> {
    const parsed = parseConnectorSettings('github', context.config, context.credentials);
    if ('violations' in parsed) throw new ConnectorError(`invalid settings: ${parsed.violations.map((v) => v.field).join(', ')}`, false);
    return openIssuePerFingerprint(batch, context, (finding) => this.createIssue(parsed.settings, batch, finding));
  }

  private async createIssue(settings: GithubSettings, batch: FindingBatch, finding: FindingToPush): Promise<ExternalIssue> {
    const { owner, repo, apiUrl, labels } = settings.config;
    const url = `${apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues`;
    const body = JSON.stringify({
      title: `[${finding.severity}] ${finding.title}`.slice(0, 256),
      body: issueBody(batch, finding),
      labels: splitLabels(labels),
    });
    const response = await this.http.postJson(url, body, {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${settings.credentials.token}`,
      'x-github-api-version': '2022-11-28',
    });
    expectSuccess(response, 'GitHub');
    return parseIssue(response.body);
  }
}

function issueBody(batch: FindingBatch, finding: FindingToPush): string {
  const rows = [
    `**Severity:** ${finding.severity}`,
    `**OWASP:** ${finding.owaspCategory}`,
    finding.cweId ? `**CWE:** ${finding.cweId}` : undefined,
    finding.location ? `**Location:** \`${finding.location}\`` : undefined,
    `**Rule:** ${finding.ruleId}`,
    `**Project:** ${batch.projectId} · **Analysis:** ${batch.analysisId}`,
    '',
    // Lets people (and a future reconciliation) find the issue of a fingerprint in the tracker.
    `<!-- security-orchestrator fingerprint: ${finding.fingerprint} -->`,
  ];
  return rows.filter((row) => row !== undefined).join('\n');
}

function parseIssue(text: string): ExternalIssue {
  const issue = parseJsonAnswer(text, 'GitHub');
  if (typeof issue.id !== 'number' && typeof issue.id !== 'string') throw new ConnectorError('GitHub answered without an issue id', true);
  return {
    id: String(issue.id),
    number: typeof issue.number === 'number' ? issue.number : null,
    url: typeof issue.html_url === 'string' ? issue.html_url : null,
  };
}
