import {
  MAX_RETRY_AFTER_MS,
  parseRetryAfterMs,
  parseRetrySchedule,
  retryDelayMs,
  STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS,
} from './retry-schedule.js';

describe('retry schedule', () => {
  it('is the Standard Webhooks schedule by default: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    expect(STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([
      0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400,
    ]);
  });

  it('takes the delay for the n-th failure from the schedule, with at most ±10 % jitter', () => {
    const schedule = STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS;
    expect(retryDelayMs(schedule, 1, undefined, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(schedule, 2, undefined, () => 0)).toBe(270_000);
    expect(retryDelayMs(schedule, 2, undefined, () => 0.999999)).toBe(330_000);
    expect(retryDelayMs(schedule, 9, undefined, () => 0.5)).toBe(86_400_000);
    expect(retryDelayMs(schedule, 42, undefined, () => 0.5)).toBe(86_400_000);
    expect(retryDelayMs([0, 0], 1)).toBe(0);
  });

  it('never retries sooner than Retry-After, capped at a day', () => {
    expect(retryDelayMs([0, 100], 1, 2_000, () => 0.5)).toBe(2_000);
    expect(retryDelayMs([0, 10_000], 1, 2_000, () => 0.5)).toBe(10_000);
    expect(retryDelayMs([0, 100], 1, 10 * MAX_RETRY_AFTER_MS, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('120', now)).toBe(120_000);
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('parses WEBHOOK_RETRY_SCHEDULE_MS and explains what is wrong', () => {
    expect(parseRetrySchedule('0, 200,300')).toEqual([0, 200, 300]);
    expect(parseRetrySchedule('0,-5')).toBe('"-5" is not a whole number of milliseconds');
    expect(parseRetrySchedule('0,,5')).toBe('"" is not a whole number of milliseconds');
    expect(parseRetrySchedule('1.5')).toMatch(/whole number/);
  });
});
