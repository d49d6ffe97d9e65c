import type { OutboxPruningOptions } from '@so/shared';

/** Injection token of {@link IntegrationDispatchOptions}. */
export const INTEGRATION_DISPATCH_OPTIONS = Symbol('INTEGRATION_DISPATCH_OPTIONS');

export interface IntegrationDispatchOptions {
  redisUrl: string;
  /** Decrypts integration credentials (the key they were encrypted with at creation). */
  secretsKey: Buffer;
  /** Hosts/CIDRs connectors may reach although private or loopback (INTEGRATION_ALLOWLIST). */
  allowlist: readonly string[];
  /** Per outbound call (connect, headers, body). */
  timeoutMs: number;
  /** Attempts of one push before it is given up. */
  maxAttempts: number;
  /** First retry delay; it doubles per attempt (BullMQ exponential backoff, with jitter). */
  retryBaseMs: number;
  /** Consecutive failures that open an integration's circuit breaker. */
  breakerFailureThreshold: number;
  /** How long an open breaker refuses calls before a half-open probe. */
  breakerCooldownMs: number;
  /** Pushes in flight per process. */
  concurrency: number;
  /** When published `integration.outbox_events` rows are deleted (OUTBOX_RETENTION_MS, OUTBOX_PRUNE_INTERVAL_MS). */
  outboxPruning: OutboxPruningOptions;
}
