/** A started service, as returned by each app's `bootstrap*` function (used by main.ts and end-to-end tests). */
export interface RunningService {
  name: string;
  /** e.g. http://127.0.0.1:3001 */
  httpUrl: string;
  /** e.g. 127.0.0.1:50051, for services with a gRPC server. */
  grpcUrl?: string;
  /** Stops accepting work, drains, closes connections. Idempotent. */
  close(): Promise<void>;
}
