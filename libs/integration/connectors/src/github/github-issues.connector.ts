import type { Connector, ConnectorContext, DeliveryReport, ExternalIssue, FindingBatch, FindingToPush } from '../connector.types.js';
import { ConnectorError } from '../connector.error.js';
import { parseConnectorSettings, type GithubSettings } from '../config/connector-settings.schema.js';
import type { ConnectorHttpClient } from '../http/connector-http.client.js';
import { expectSuccess } from '../http/response-check.js';

/**
 * One GitHub issue per finding fingerprint (POST /repos/{owner}/{repo}/issues). The ledger makes it
 * idempotent: a fingerprint that already has an issue is skipped, whichever analysis found it again,
 * and a claim keeps two workers from creating the same issue at once. Findings are handled one by
 * one, so a retry after a partial failure resumes where the last attempt stopped.
 */
export class GithubIssuesConnector implements Connector {
  readonly type = 'github' as const;

  constructor(private readonly http: ConnectorHttpClient) {}

  async deliver(batch: FindingBatch, context: ConnectorContext): Promise<DeliveryReport> {
    const parsed = parseConnectorSettings('github', context.config, context.credentials);
    if ('violations' in parsed) throw new ConnectorError(`invalid settings: ${parsed.violations.map((v) => v.field).join(', ')}`, false);
    const report: DeliveryReport = { sent: 0, alreadyDone: 0 };
    for (const finding of batch.findings) {
      const claim = await context.issues.claim(finding.fingerprint, batch.analysisId);
      if (claim.state === 'exists') {
        report.alreadyDone += 1;
        continue;
      }
      if (claim.state === 'busy') throw new ConnectorError(`another worker is creating the issue of ${finding.fingerprint}`, true);
      const issue = await this.createIssue(parsed.settings, batch, finding).catch(async (error: unknown) => {
        // An answered error created nothing, so the claim goes back; after a network failure the
        // issue may exist, and the claim is kept until it goes stale.
        if (error instanceof ConnectorError && error.status !== undefined) await context.issues.release(finding.fingerprint);
        throw error;
      });
      await context.issues.complete(finding.fingerprint, issue);
      report.sent += 1;
    }
    return report;
  }

  private async createIssue(settings: GithubSettings, batch: FindingBatch, finding: FindingToPush): Promise<ExternalIssue> {
    const { owner, repo, apiUrl, labels } = settings.config;
    const url = `${apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/issues`;
    const body = JSON.stringify({
      title: `[${finding.severity}] ${finding.title}`.slice(0, 256),
      body: issueBody(batch, finding),
      labels: labels.split(',').map((label) => label.trim()).filter((label) => label.length > 0),
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConnectorError('GitHub answered with a body that is not JSON', true);
  }
  const issue = value as { id?: unknown; number?: unknown; html_url?: unknown };
  if (typeof issue.id !== 'number' && typeof issue.id !== 'string') throw new ConnectorError('GitHub answered without an issue id', true);
  return {
    id: String(issue.id),
    number: typeof issue.number === 'number' ? issue.number : null,
    url: typeof issue.html_url === 'string' ? issue.html_url : null,
  };
}
