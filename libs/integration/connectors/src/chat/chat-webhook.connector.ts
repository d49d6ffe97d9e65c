import type { Connector, ConnectorContext, DeliveryReport, FindingBatch, FindingToPush } from '../connector.types.js';
import { ConnectorError } from '../connector.error.js';
import { parseConnectorSettings } from '../config/connector-settings.schema.js';
import type { ConnectorHttpClient } from '../http/connector-http.client.js';
import { expectSuccess } from '../http/response-check.js';

/** Chat messages stay readable: the rest of a long batch is summarised in one line. */
const MAX_LISTED_FINDINGS = 20;

/**
 * One chat message per batch in the Slack incoming-webhook format (`text` as the notification
 * fallback, `blocks` for the layout), which Slack, Mattermost and Rocket.Chat accept.
 */
export class ChatWebhookConnector implements Connector {
  readonly type = 'slack' as const;

  constructor(private readonly http: ConnectorHttpClient) {}

  async deliver(batch: FindingBatch, context: ConnectorContext): Promise<DeliveryReport> {
    const parsed = parseConnectorSettings('slack', context.config, context.credentials);
    if ('violations' in parsed) throw new ConnectorError(`invalid settings: ${parsed.violations.map((v) => v.field).join(', ')}`, false);
    const body = JSON.stringify(chatMessage(batch));
    expectSuccess(await this.http.postJson(parsed.settings.credentials.webhookUrl, body, {}), 'the chat webhook');
    return { sent: 1, alreadyDone: 0 };
  }
}

export function chatMessage(batch: FindingBatch): { text: string; blocks: object[] } {
  const count = batch.findings.length;
  const headline = `${count} security finding${count === 1 ? '' : 's'} in project ${batch.projectId} (analysis ${batch.analysisId})`;
  const listed = batch.findings.slice(0, MAX_LISTED_FINDINGS).map(findingLine);
  if (count > MAX_LISTED_FINDINGS) listed.push(`…and ${count - MAX_LISTED_FINDINGS} more`);
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(headline)}*` } },
      { type: 'section', text: { type: 'mrkdwn', text: listed.join('\n') } },
    ],
  };
}

function findingLine(finding: FindingToPush): string {
  const where = finding.location ? ` at \`${escapeMrkdwn(finding.location)}\`` : '';
  return `• *${finding.severity.toUpperCase()}* ${escapeMrkdwn(finding.title)} (${escapeMrkdwn(finding.owaspCategory)})${where}`;
}

/** Slack's three control characters; anything else is literal text. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
