/** What the bench runner hands every benchmark: a throwaway Postgres (admin URL) and Redis, both on loopback. */
export interface BenchContext {
  databaseAdminUrl: string;
  redisUrl: string;
  /** Scale factor from `--quick` (0.2) or full runs (1). */
  scale: number;
}
