import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConnectorError, ConnectorRegistry, hasConnector, parseConnectorSettings } from '@so/integration-connectors';
import {
  IntegrationDeliveryRepository,
  IntegrationEventRepository,
  IntegrationIssueRepository,
  IntegrationRepository,
  type IntegrationEventEntity,
} from '@so/integration-data-access';
import { associatedData, CredentialsCipher } from '@so/integration-management';
import { IntegrationHealthService } from '../status/integration-health.service.js';
import { buildFindingBatch } from './finding-batch.builder.js';
import { issueLedgerFor } from './issue-ledger.adapter.js';

/**
 * How long a push waits for finding events its analysis's completion announced but that are not
 * recorded yet (a finding whose first handling failed is redelivered after the completion); then it
 * pushes what is there.
 */
const FINDINGS_GRACE_MS = 15_000;
const FINDINGS_RECHECK_MS = 250;

export type DeliverOutcome =
  | { result: 'delivered'; sent: number; alreadyDone: number }
  | { result: 'skipped'; reason: string }
  /** The circuit is open, or findings are still being recorded: try again at `retryAt` without spending an attempt. */
  | { result: 'wait'; retryAt: Date }
  | { result: 'retry'; reason: string }
  | { result: 'gave-up'; reason: string };

export interface DeliverRequest {
  deliveryId: string;
  /** This is the job's last allowed attempt: a failure is final. */
  lastAttempt: boolean;
}

/**
 * Runs one delivery: the findings of one analysis that reach the integration's threshold, pushed
 * through the integration's connector, with the circuit breaker consulted first and the outcome
 * recorded on the delivery and the integration's status.
 */
@Injectable()
export class DeliverToIntegrationService {
  private readonly logger = new Logger(DeliverToIntegrationService.name);

  constructor(
    private readonly deliveries: IntegrationDeliveryRepository,
    private readonly integrations: IntegrationRepository,
    private readonly events: IntegrationEventRepository,
    private readonly issues: IntegrationIssueRepository,
    private readonly connectors: ConnectorRegistry,
    private readonly health: IntegrationHealthService,
    @Inject(CredentialsCipher) private readonly cipher: CredentialsCipher,
  ) {}

  async deliver(request: DeliverRequest): Promise<DeliverOutcome> {
    const delivery = await this.deliveries.findById(request.deliveryId);
    if (!delivery || delivery.status !== 'PENDING') return { result: 'skipped', reason: 'already finished' };
    const integration = await this.integrations.findById(delivery.integrationId);
    if (!integration) return this.skip(delivery.id, 'the integration no longer exists');
    if (!hasConnector(integration.type)) return this.skip(delivery.id, `no connector for type ${integration.type}`);

    let credentials: Record<string, string> = {};
    try {
      if (integration.credentialsCiphertext) {
        credentials = JSON.parse(this.cipher.decrypt(integration.credentialsCiphertext, associatedData(integration.orgId, integration.id))) as Record<string, string>;
      }
    } catch {
      // Wrong SECRETS_KEY or a tampered row: no retry can fix it, the operator must.
      return this.fail(delivery.id, integration.id, delivery.correlationId, 'the stored credentials cannot be decrypted with this SECRETS_KEY', true, true);
    }
    const settings = parseConnectorSettings(integration.type, integration.config, credentials);
    if ('violations' in settings) {
      const reason = `invalid settings: ${settings.violations.map((v) => `${v.field} ${v.description}`).join('; ')}`;
      return this.fail(delivery.id, integration.id, delivery.correlationId, reason, true, true);
    }
    const events = await this.events.findForAnalysis(delivery.orgId, delivery.analysisId);
    if (findingsStillArriving(events) && Date.now() - delivery.createdAt.getTime() < FINDINGS_GRACE_MS) {
      return { result: 'wait', retryAt: new Date(Date.now() + FINDINGS_RECHECK_MS) };
    }
    const batch = buildFindingBatch(
      { deliveryId: delivery.id, integrationId: integration.id, projectId: integration.projectId, analysisId: delivery.analysisId, correlationId: delivery.correlationId },
      events,
      settings.settings.config.minSeverity,
    );
    if (batch.findings.length === 0) {
      await this.deliveries.finish(delivery.id, 'SKIPPED', 0, null);
      return { result: 'skipped', reason: `no finding at or above ${settings.settings.config.minSeverity}` };
    }

    const decision = await this.health.beginAttempt(integration.id, delivery.correlationId);
    if (decision.kind === 'wait') return { result: 'wait', retryAt: decision.retryAt };

    try {
      const report = await this.connectors
        .get(integration.type)
        .deliver(batch, { config: integration.config, credentials, issues: issueLedgerFor(this.issues, integration.id, integration.orgId) });
      await this.deliveries.finish(delivery.id, 'DELIVERED', batch.findings.length, null, true);
      await this.health.recordSuccess(integration.id, delivery.correlationId, `delivered ${batch.findings.length} finding(s) of analysis ${delivery.analysisId}`);
      return { result: 'delivered', sent: report.sent, alreadyDone: report.alreadyDone };
    } catch (error) {
      const connectorError = error instanceof ConnectorError ? error : undefined;
      if (!connectorError) this.logger.error({ deliveryId: delivery.id, err: error instanceof Error ? error.stack : String(error) }, 'connector crashed');
      const reason = connectorError?.message ?? 'internal error while pushing';
      const permanent = connectorError ? !connectorError.retryable : false;
      return this.fail(delivery.id, integration.id, delivery.correlationId, reason, permanent || request.lastAttempt, permanent);
    }
  }

  private async skip(deliveryId: string, reason: string): Promise<DeliverOutcome> {
    await this.deliveries.finish(deliveryId, 'SKIPPED', null, reason);
    return { result: 'skipped', reason };
  }

  private async fail(
    deliveryId: string,
    integrationId: string,
    correlationId: string,
    reason: string,
    final: boolean,
    permanent: boolean,
  ): Promise<DeliverOutcome> {
    await this.deliveries.recordAttempt(deliveryId, reason);
    await this.health.recordFailure(integrationId, correlationId, reason, permanent);
    if (!final) return { result: 'retry', reason };
    await this.deliveries.finish(deliveryId, 'FAILED', null, reason);
    return { result: 'gave-up', reason };
  }
}

/** The completion counts more findings than were recorded for the analysis so far. */
function findingsStillArriving(events: readonly IntegrationEventEntity[]): boolean {
  const completion = events.find((event) => event.eventType === 'analysis.completed');
  if (!completion || completion.findingCount === null) return false;
  const recorded = events.filter((event) => event.eventType === 'finding.detected').length;
  return recorded < completion.findingCount;
}
