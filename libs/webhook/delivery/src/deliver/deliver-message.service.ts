import { Injectable, Logger } from '@nestjs/common';
import { createDomainEvent } from '@so/contracts';
import { correlationIdOrNew, enqueueOutboxEvents } from '@so/shared';
import { SecretCipher } from '@so/webhook-common';
import type { WebhookEndpointEntity, WebhookMessageEntity } from '@so/webhook-data-access';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { WebhookOutboxRelay } from '../outbox/webhook-outbox.relay.js';
import { SsrfRefusedError } from '../send/ssrf-refused.error.js';
import { WebhookHttpClient, type WebhookHttpResponse } from '../send/webhook-http.client.js';
import { serializeEventEnvelope, signWebhook } from '../send/webhook-signature.js';
import { classifyResponse, describeTransportError, type AttemptVerdict } from './attempt-classifier.js';
import { DeliveryLogRepository } from './delivery-log.repository.js';
import type { DeliveryOutcome, DeliveryRequest } from './delivery-outcome.js';

export const WEBHOOK_USER_AGENT = 'SecurityOrchestrator-Webhooks/1.0';

interface AttemptResult {
  verdict: AttemptVerdict;
  response?: WebhookHttpResponse;
  error: string | null;
  latencyMs: number;
}

/** One delivery attempt of one message: sign, POST, log the attempt, decide what happens next. */
@Injectable()
export class DeliverMessageService {
  private readonly logger = new Logger(DeliverMessageService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: DeliveryLogRepository,
    private readonly http: WebhookHttpClient,
    private readonly cipher: SecretCipher,
    private readonly outbox: WebhookOutboxRelay,
  ) {}

  async deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
    const target = await this.log.loadTarget(request.messageId);
    if (!target) return { result: 'skipped', reason: 'message not found' };
    const { message, endpoint } = target;
    // A message already delivered (or given up) is not sent again: a duplicate job or a replayed event is harmless.
    if (message.status !== 'pending') return { result: 'skipped', reason: `message already ${message.status}` };
    if (!endpoint.enabled || endpoint.deletedAt) {
      await this.log.abandon(message.id);
      return { result: 'skipped', reason: 'endpoint disabled or deleted' };
    }

    const attempt = await this.attempt(endpoint, message);
    const { verdict } = attempt;
    const final = verdict.kind !== 'retryable' || request.lastAttempt;
    const messageStatus = verdict.kind === 'succeeded' ? 'delivered' : final ? 'failed' : 'pending';
    const disableReason = verdict.kind === 'gone' ? verdict.reason : undefined;

    let disabled = false;
    const attemptNumber = await this.dataSource.transaction(async (manager) => {
      const number = await this.log.recordAttempt(manager, {
        message,
        status: verdict.kind === 'succeeded' ? 'succeeded' : 'failed',
        messageStatus,
        responseStatus: attempt.response?.status ?? null,
        responseHeaders: attempt.response?.headers ?? null,
        responseBody: attempt.response?.body ?? null,
        latencyMs: attempt.latencyMs,
        error: attempt.error,
      });
      if (disableReason !== undefined) {
        disabled = await this.log.disableEndpoint(manager, endpoint.id, disableReason);
        if (disabled)
          await enqueueOutboxEvents(manager, [this.endpointDisabledEvent(endpoint, message, disableReason)]);
      }
      return number;
    });
    if (disabled) {
      this.outbox.wake();
      this.logger.warn({
        msg: 'webhook endpoint disabled',
        endpointId: endpoint.id,
        orgId: endpoint.orgId,
        reason: disableReason,
      });
    }

    switch (verdict.kind) {
      case 'succeeded':
        return { result: 'delivered', attemptNumber };
      case 'retryable':
        return request.lastAttempt
          ? { result: 'gave-up', attemptNumber, reason: `${verdict.reason} (retries exhausted)` }
          : { result: 'retry', attemptNumber, reason: verdict.reason, retryAfterMs: verdict.retryAfterMs };
      case 'gone':
      case 'refused':
        return { result: 'gave-up', attemptNumber, reason: verdict.reason };
    }
  }

  private async attempt(endpoint: WebhookEndpointEntity, message: WebhookMessageEntity): Promise<AttemptResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const secret = this.cipher.decrypt(endpoint.secretCiphertext, endpoint.id);
      const body = serializeEventEnvelope(message.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      const response = await this.http.post(endpoint.url, body, {
        'content-type': 'application/json',
        'user-agent': WEBHOOK_USER_AGENT,
        'webhook-id': message.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, message.id, timestamp, body),
      });
      const verdict = classifyResponse(response);
      return { verdict, response, error: verdict.kind === 'succeeded' ? null : verdict.reason, latencyMs: elapsed() };
    } catch (error) {
      const refused = findSsrfRefusal(error);
      if (refused) {
        const reason = `SSRF protection: ${refused.message}`;
        return { verdict: { kind: 'refused', reason }, error: reason, latencyMs: elapsed() };
      }
      const reason = describeTransportError(error);
      return { verdict: { kind: 'retryable', reason }, error: reason, latencyMs: elapsed() };
    }
  }

  private endpointDisabledEvent(endpoint: WebhookEndpointEntity, message: WebhookMessageEntity, reason: string) {
    return createDomainEvent({
      type: 'webhook.endpoint_disabled',
      orgId: endpoint.orgId,
      projectId: endpoint.projectId ?? message.projectId ?? '',
      correlationId: correlationIdOrNew(),
      data: { endpointId: endpoint.id, url: endpoint.url, reason },
    });
  }
}

/** The refusal may come straight from the pre-flight check or wrapped by the HTTP client's connect. */
function findSsrfRefusal(error: unknown): SsrfRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof SsrfRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
