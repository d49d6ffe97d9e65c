/**
 * The Standard Webhooks retry schedule: entry i is the delay before attempt i+1, counted from the
 * previous failure (entry 0, "immediately", is the first attempt). Ten attempts over ~3.5 days.
 */
export const STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** A Retry-After longer than this is capped: a receiver cannot park a message for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/** ±10 %, so endpoints that failed together (an outage) are not retried in one burst. */
const JITTER = 0.1;

/** Parses `WEBHOOK_RETRY_SCHEDULE_MS` ("0,5000,300000"); returns an error message when invalid. */
export function parseRetrySchedule(value: string): number[] | string {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.length > 50) return 'must list 1 to 50 delays in milliseconds, comma-separated';
  const delays: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,12}$/.test(part)) return `"${part}" is not a whole number of milliseconds`;
    delays.push(Number(part));
  }
  return delays;
}

/**
 * Delay before the next attempt after `failedAttempts` failures: the scheduled delay with jitter,
 * but never sooner than the receiver's Retry-After.
 */
export function retryDelayMs(
  schedule: readonly number[],
  failedAttempts: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const index = Math.min(Math.max(failedAttempts, 0), schedule.length - 1);
  const base = schedule[index] ?? 0;
  const jittered = base === 0 ? 0 : Math.round(base * (1 - JITTER + random() * 2 * JITTER));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms from now; undefined when absent or unparsable. */
export function parseRetryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS);
}
