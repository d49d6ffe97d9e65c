import { createHmac } from 'node:crypto';
import type { Connector, ConnectorContext, DeliveryReport, FindingBatch } from '../connector.types.js';
import { ConnectorError } from '../connector.error.js';
import { parseConnectorSettings } from '../config/connector-settings.schema.js';
import type { ConnectorHttpClient } from '../http/connector-http.client.js';
import { expectSuccess } from '../http/response-check.js';

/**
 * POSTs the batch as JSON. With a signing secret, `x-so-signature: v1=<hex HMAC-SHA256>` covers
 * `<x-so-timestamp>.<body>`, so the receiver can check origin and freshness; `x-so-delivery-id` is
 * stable across retries for deduplication.
 */
export class GenericHttpConnector implements Connector {
  readonly type = 'generic_http' as const;

  constructor(private readonly http: ConnectorHttpClient) {}

  async deliver(batch: FindingBatch, context: ConnectorContext): Promise<DeliveryReport> {
    const parsed = parseConnectorSettings('generic_http', context.config, context.credentials);
    if ('violations' in parsed) throw new ConnectorError(`invalid settings: ${parsed.violations.map((v) => v.field).join(', ')}`, false);
    const { config, credentials } = parsed.settings;
    const body = JSON.stringify({
      deliveryId: batch.deliveryId,
      integrationId: batch.integrationId,
      projectId: batch.projectId,
      analysisId: batch.analysisId,
      score: batch.score,
      findings: batch.findings,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'x-so-delivery-id': batch.deliveryId, 'x-so-timestamp': timestamp };
    if (credentials.signingSecret) headers['x-so-signature'] = genericHttpSignature(credentials.signingSecret, timestamp, body);
    expectSuccess(await this.http.postJson(config.url, body, headers), 'the HTTP endpoint');
    return { sent: 1, alreadyDone: 0 };
  }
}

/** `v1=` + hex HMAC-SHA256 of `${timestamp}.${body}` keyed with the integration's signing secret. */
export function genericHttpSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
