/**
 * Thrown by the delivery worker so BullMQ schedules another attempt; carries the receiver's
 * Retry-After (429/503) into the backoff strategy.
 */
export class DeliveryRetryError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryRetryError';
  }
}
