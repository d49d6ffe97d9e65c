/** Injection token of {@link RealtimeOptions}. */
export const REALTIME_OPTIONS = Symbol('REALTIME_OPTIONS');

export interface RealtimeOptions {
  redisUrl: string;
  /** HMAC key that verifies the gateway-issued socket tokens. */
  internalToken: string;
  /** Origins allowed to use the HTTP long-polling transport from a browser; empty = same origin only. */
  corsOrigins: string[];
  /** Names this process in the event consumer group (unique per instance). */
  instanceId: string;
  /** Rooms one socket may join, so a client cannot make the server track unbounded state. */
  maxSubscriptionsPerSocket: number;
  /** Largest client message in bytes. */
  maxMessageBytes: number;
  /** host:port of the analysis service's gRPC server, which START_ANALYSIS calls. */
  analysisGrpcUrl: string;
  /** Deadline of that call. */
  startDeadlineMs: number;
  /** Analyses one principal may start over sockets per minute (all instances together). */
  startsPerMinute: number;
}
