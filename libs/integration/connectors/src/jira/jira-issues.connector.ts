import type { Connector, ConnectorContext, DeliveryReport, ExternalIssue, FindingBatch, FindingToPush } from '../connector.types.js';
import { ConnectorError } from '../connector.error.js';
import { parseConnectorSettings, type JiraSettings } from '../config/connector-settings.schema.js';
import type { ConnectorHttpClient } from '../http/connector-http.client.js';
import { expectSuccess } from '../http/response-check.js';
import { openIssuePerFingerprint, parseJsonAnswer } from '../issues/issue-per-fingerprint.js';
import { jiraIssueRequest } from './jira-issue.payload.js';

/**
 * One Jira issue per finding fingerprint in the configured project (`POST {baseUrl}/rest/api/2/issue`);
 * the ledger keeps it to one issue per fingerprint (see openIssuePerFingerprint). API v2 is served by
 * Jira Cloud, Server and Data Center alike (v3 is Cloud only). Jira Cloud takes basic auth with the
 * account's email and an API token, Server and Data Center a personal access token as bearer.
 */
export class JiraIssuesConnector implements Connector {
  readonly type = 'jira' as const;

  constructor(private readonly http: ConnectorHttpClient) {}

  async deliver(batch: FindingBatch, context: ConnectorContext): Promise<DeliveryReport> {
    const parsed = parseConnectorSettings('jira', context.config, context.credentials);
    if ('violations' in parsed) throw new ConnectorError(`invalid settings: ${parsed.violations.map((v) => v.field).join(', ')}`, false);
    return openIssuePerFingerprint(batch, context, (finding) => this.createIssue(parsed.settings, batch, finding));
  }

  private async createIssue(settings: JiraSettings, batch: FindingBatch, finding: FindingToPush): Promise<ExternalIssue> {
    const site = settings.config.baseUrl.replace(/\/+$/, '');
    const response = await this.http.postJson(`${site}/rest/api/2/issue`, JSON.stringify(jiraIssueRequest(settings.config, batch, finding)), {
      accept: 'application/json',
      authorization: jiraAuthorization(settings.credentials),
    });
    expectSuccess(response, 'Jira');
    return parseCreatedIssue(response.body, site);
  }
}

/** `Basic base64(email:apiToken)` for Jira Cloud, `Bearer <token>` for a Server/Data Center personal access token. */
export function jiraAuthorization(credentials: JiraSettings['credentials']): string {
  if (credentials.token !== undefined) return `Bearer ${credentials.token}`;
  return `Basic ${Buffer.from(`${credentials.email ?? ''}:${credentials.apiToken ?? ''}`, 'utf8').toString('base64')}`;
}

/** Jira answers 201 with `{ id, key, self }`; the issue is shown to people at `{baseUrl}/browse/{key}`. */
function parseCreatedIssue(text: string, site: string): ExternalIssue {
  const issue = parseJsonAnswer(text, 'Jira');
  if (typeof issue.id !== 'string' && typeof issue.id !== 'number') throw new ConnectorError('Jira answered without an issue id', true);
  const key = typeof issue.key === 'string' ? issue.key : null;
  const number = key ? Number(/-(\d+)$/.exec(key)?.[1] ?? Number.NaN) : Number.NaN;
  return {
    id: String(issue.id),
    number: Number.isSafeInteger(number) ? number : null,
    url: key ? `${site}/browse/${encodeURIComponent(key)}` : null,
  };
}
