export interface GrpcRetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface GrpcPeerOptions {
  /** Human name used in logs and error messages (`analysis`, `webhook`, ...). */
  name: string;
  /** host:port */
  address: string;
  /** HMAC key that signs the forwarded caller identity. */
  internalToken: string;
  /** Deadline of one logical call, retries included. */
  deadlineMs: number;
  retry?: GrpcRetryPolicy;
}

export interface UnaryCallOptions {
  /** Retry on UNAVAILABLE with backoff; only for calls that are safe to repeat. */
  idempotent?: boolean;
  deadlineMs?: number;
}
