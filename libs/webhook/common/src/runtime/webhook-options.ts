import type { OutboxPruningOptions } from '@so/shared';

/** Validated runtime settings the webhook libs need; built from the app's config in bootstrap. */
export interface WebhookRuntimeOptions {
  /** HMAC key that signs the caller identity forwarded by the gateway. */
  internalToken: string;
  redisUrl: string;
  /** Hosts (`api.example.com`, `*.example.com`), IPs or CIDRs deliveries may reach although private. */
  allowlist: readonly string[];
  /** Entry i = delay before attempt i+1 (entry 0 before the first attempt); its length is the attempt budget. */
  retryScheduleMs: readonly number[];
  /** Bound on one delivery attempt: connect, response headers and body together. */
  timeoutMs: number;
  deliveryConcurrency: number;
  /** Attempts in flight to one endpoint at once, across processes: a slow partner cannot take every worker slot. */
  endpointConcurrency: number;
  /** How long a job waits (±50 %) when its endpoint is at its concurrency cap. */
  busyDelayMs: number;
  /** An endpoint whose attempts fail without a success for this long is disabled. */
  disableAfterFailingMs: number;
  /** Consecutive failed attempts that raise the operator warning. */
  failureWarningAfter: number;
  /** Finished messages (and their attempt log) older than this are deleted by the cleanup job. */
  retentionMs: number;
  /** How often the cleanup job runs. */
  cleanupIntervalMs: number;
  /**
   * How long a message whose first attempt is sent straight from the fan-out stays claimed by its
   * process. A pending message claimed longer ago lost its sender (a crash) and goes on the queue.
   * Must outlast one attempt (timeoutMs) by a wide margin, or a slow attempt could be sent twice.
   */
  claimTimeoutMs: number;
  /** When published `webhook.outbox_events` rows are deleted (OUTBOX_RETENTION_MS, OUTBOX_PRUNE_INTERVAL_MS). */
  outboxPruning: OutboxPruningOptions;
  /** Unique per process: the event-bus consumer name. */
  instanceId: string;
}

/** Injection tokens for the values bootstrap creates and owns (it closes them after Nest has shut down). */
export const WEBHOOK_OPTIONS = 'WEBHOOK_OPTIONS';
/** The shared, non-blocking Redis connection (queue producer, event publisher, health). */
export const WEBHOOK_REDIS = 'WEBHOOK_REDIS';
