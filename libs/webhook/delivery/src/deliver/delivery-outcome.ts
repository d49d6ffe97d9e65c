/** What one run of the delivery job concluded; the worker turns it into BullMQ semantics. */
export type DeliveryOutcome =
  | { result: 'delivered'; attemptNumber: number }
  | { result: 'skipped'; reason: string }
  /** Not attempted: the endpoint is at its rate limit or concurrency cap; run the job again after delayMs. */
  | { result: 'throttled'; delayMs: number; reason: string }
  /**
   * Not attempted: the endpoint is ordered and `waitingFor`, an earlier message, is still pending.
   * The job is parked for delayMs; the earlier message's end wakes it sooner.
   */
  | { result: 'waiting'; waitingFor: string; delayMs: number }
  | { result: 'retry'; attemptNumber: number; reason: string; retryAfterMs?: number }
  | { result: 'gave-up'; attemptNumber: number; reason: string };

export interface DeliveryRequest {
  messageId: string;
  /** The endpoint the job was queued for; lets the endpoint's lease be taken while the message loads. */
  endpointId?: string;
  /** True when the retry budget is spent after this attempt. */
  lastAttempt: boolean;
}
