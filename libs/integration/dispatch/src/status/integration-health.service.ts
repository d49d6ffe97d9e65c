import { Inject, Injectable } from '@nestjs/common';
import { createDomainEvent } from '@so/contracts';
import { IntegrationBreakerEntity, IntegrationEntity, type IntegrationStatusName } from '@so/integration-data-access';
import { enqueueOutboxEvents, ServiceOutbox } from '@so/shared';
import { DataSource, type EntityManager } from 'typeorm';
import {
  afterFailure,
  afterSuccess,
  CLOSED_BREAKER,
  decideAttempt,
  startProbe,
  type AttemptDecision,
  type BreakerPolicy,
  type BreakerState,
} from '../breaker/circuit-breaker.policy.js';
import { INTEGRATION_DISPATCH_OPTIONS, type IntegrationDispatchOptions } from '../integration-dispatch.options.js';

/** Status messages are shown to users; long upstream errors are cut. */
const MAX_MESSAGE = 500;

/**
 * An integration's circuit breaker and status, changed together in one transaction with the
 * `integration.status_changed` event (outbox), so the status a client reads and the events it
 * receives never disagree. Transitions: INACTIVE → CONNECTING on the first push; → ACTIVE on
 * success; → RECONNECTING after a failure below the threshold or while a half-open probe runs;
 * → ERROR when the breaker opens.
 */
@Injectable()
export class IntegrationHealthService {
  private readonly policy: BreakerPolicy;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: ServiceOutbox,
    @Inject(INTEGRATION_DISPATCH_OPTIONS) options: IntegrationDispatchOptions,
  ) {
    this.policy = {
      failureThreshold: options.breakerFailureThreshold,
      cooldownMs: options.breakerCooldownMs,
      // Long enough for one push of a full batch to finish.
      probeTimeoutMs: Math.max(options.timeoutMs * 4, 10_000),
    };
  }

  /** Whether a push may call out now (and whether it is the half-open probe). */
  async beginAttempt(integrationId: string, correlationId: string): Promise<AttemptDecision> {
    // The common case (circuit closed, integration already started) changes nothing, so it needs
    // neither the row lock nor a write: pushes to one integration do not queue behind each other.
    const [current] = (await this.dataSource.query(
      `SELECT i."status", b."opened_at" FROM "integration"."integrations" i
         LEFT JOIN "integration"."integration_breakers" b ON b."integration_id" = i."id"
        WHERE i."id" = $1`,
      [integrationId],
    )) as Array<{ status: IntegrationStatusName; opened_at: Date | null }>;
    if (current && current.status !== 'INACTIVE' && current.opened_at === null) return { kind: 'call', probe: false };
    return this.change<AttemptDecision>(integrationId, correlationId, (integration, breaker, now) => {
      const decision = decideAttempt(breaker, this.policy, now);
      if (decision.kind === 'wait') return { decision, breaker, status: integration.status, message: integration.statusMessage };
      if (decision.probe) {
        return { decision, breaker: startProbe(breaker, now), status: 'RECONNECTING', message: 'circuit half-open: probing the external system' };
      }
      if (integration.status === 'INACTIVE') return { decision, breaker, status: 'CONNECTING', message: 'first push in progress' };
      return { decision, breaker, status: integration.status, message: integration.statusMessage };
    });
  }

  async recordSuccess(integrationId: string, correlationId: string, message: string): Promise<void> {
    if (await this.touchHealthy(integrationId, message)) return;
    await this.change(integrationId, correlationId, () => ({ decision: undefined, breaker: afterSuccess(), status: 'ACTIVE', message, success: true }));
  }

  async recordFailure(integrationId: string, correlationId: string, reason: string, permanent: boolean): Promise<void> {
    await this.change(integrationId, correlationId, (_integration, breaker, now) => {
      const next = afterFailure(breaker, this.policy, now, permanent);
      if (next.openedAt) {
        const seconds = Math.round(this.policy.cooldownMs / 1000);
        return { decision: undefined, breaker: next, status: 'ERROR', message: `${reason} (circuit open; next try in ${seconds} s)`, success: false };
      }
      return { decision: undefined, breaker: next, status: 'RECONNECTING', message: `${reason} (failure ${next.consecutiveFailures} of ${this.policy.failureThreshold}; retrying)`, success: false };
    });
  }

  /**
   * Success of an integration that is ACTIVE with a closed, clean breaker: only the message and the
   * check times change, in one statement. Answers false when the state needs a transition.
   */
  private async touchHealthy(integrationId: string, message: string): Promise<boolean> {
    const [result] = (await this.dataSource.query(
      `WITH touched AS (
         UPDATE "integration"."integrations" i
            SET "status_message" = $2, "last_checked_at" = now(), "updated_at" = now()
          WHERE i."id" = $1 AND i."status" = 'ACTIVE'
            AND EXISTS (SELECT 1 FROM "integration"."integration_breakers" b
                         WHERE b."integration_id" = i."id" AND b."consecutive_failures" = 0
                           AND b."opened_at" IS NULL AND b."probe_started_at" IS NULL)
          RETURNING i."id"
       ), breaker AS (
         UPDATE "integration"."integration_breakers" b SET "last_success_at" = now()
           FROM touched WHERE b."integration_id" = touched."id"
       )
       SELECT count(*)::int AS "touched" FROM touched`,
      [integrationId, message.slice(0, MAX_MESSAGE)],
    )) as Array<{ touched: number }>;
    return (result?.touched ?? 0) > 0;
  }

  private async change<T>(
    integrationId: string,
    correlationId: string,
    decide: (
      integration: IntegrationEntity,
      breaker: BreakerState,
      now: Date,
    ) => { decision: T; breaker: BreakerState; status: IntegrationStatusName; message: string; success?: boolean },
  ): Promise<T> {
    let statusChanged = false;
    const decision = await this.dataSource.transaction(async (manager) => {
      // Serialises the decisions of concurrent pushes to one integration (replicas included).
      const integration = await manager
        .getRepository(IntegrationEntity)
        .createQueryBuilder('i')
        .where('i.id = :integrationId', { integrationId })
        .setLock('pessimistic_write')
        .getOne();
      if (!integration) throw new Error(`integration ${integrationId} no longer exists`);
      const stored = await manager.getRepository(IntegrationBreakerEntity).findOne({ where: { integrationId } });
      const now = new Date();
      const outcome = decide(integration, stored ?? CLOSED_BREAKER, now);
      await saveBreaker(manager, integrationId, outcome.breaker, now, outcome.success);
      statusChanged = await this.setStatus(manager, integration, outcome.status, outcome.message.slice(0, MAX_MESSAGE), correlationId);
      return outcome.decision;
    });
    if (statusChanged) this.outbox.wake();
    return decision;
  }

  /** Persists the status (and when it was checked); publishes an event only when the status itself changed. */
  private async setStatus(
    manager: EntityManager,
    integration: IntegrationEntity,
    status: IntegrationStatusName,
    message: string,
    correlationId: string,
  ): Promise<boolean> {
    await manager.query(
      `UPDATE "integration"."integrations" SET "status" = $2, "status_message" = $3, "last_checked_at" = now(), "updated_at" = now() WHERE "id" = $1`,
      [integration.id, status, message],
    );
    if (status === integration.status) return false;
    await enqueueOutboxEvents(manager, [
      createDomainEvent({
        type: 'integration.status_changed',
        orgId: integration.orgId,
        projectId: integration.projectId,
        correlationId,
        data: { integrationId: integration.id, status, previousStatus: integration.status, message },
      }),
    ]);
    return true;
  }
}

async function saveBreaker(manager: EntityManager, integrationId: string, state: BreakerState, now: Date, success?: boolean): Promise<void> {
  await manager.query(
    `INSERT INTO "integration"."integration_breakers"
       ("integration_id", "consecutive_failures", "opened_at", "probe_started_at", "last_success_at", "last_failure_at")
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT ("integration_id") DO UPDATE SET
       "consecutive_failures" = EXCLUDED."consecutive_failures",
       "opened_at" = EXCLUDED."opened_at",
       "probe_started_at" = EXCLUDED."probe_started_at",
       "last_success_at" = COALESCE(EXCLUDED."last_success_at", "integration_breakers"."last_success_at"),
       "last_failure_at" = COALESCE(EXCLUDED."last_failure_at", "integration_breakers"."last_failure_at")`,
    [
      integrationId,
      state.consecutiveFailures,
      state.openedAt,
      state.probeStartedAt,
      success === true ? now : null,
      success === false ? now : null,
    ],
  );
}
