import { z } from 'zod';
import type { OutboxPruningOptions } from './outbox-pruner.js';

const HOUR_MS = 3_600_000;

const milliseconds = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

/**
 * The outbox pruning variables of every service with an outbox. A day of published events stays
 * for diagnosis ("did the service emit it, and when?"); replay and SSE resume read the Redis stream,
 * not the outbox, so a shorter retention loses nothing clients depend on.
 */
export const outboxPruningConfigShape = {
  OUTBOX_RETENTION_MS: milliseconds(24 * HOUR_MS, 60_000, 90 * 24 * HOUR_MS),
  OUTBOX_PRUNE_INTERVAL_MS: milliseconds(10 * 60_000, 1_000, 24 * HOUR_MS),
};

export function outboxPruningOptions(config: { OUTBOX_RETENTION_MS: number; OUTBOX_PRUNE_INTERVAL_MS: number }): OutboxPruningOptions {
  return { retentionMs: config.OUTBOX_RETENTION_MS, intervalMs: config.OUTBOX_PRUNE_INTERVAL_MS };
}
