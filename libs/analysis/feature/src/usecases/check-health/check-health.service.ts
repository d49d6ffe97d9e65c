import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ANALYSIS_REDIS } from '../../analysis-feature.options.js';

export interface HealthReport {
  healthy: boolean;
  /** Dependency → `up` or `down: <reason>`. */
  details: Record<string, string>;
}

const TIMEOUT_MS = 1000;

/** Whether the service can do its work: Postgres and Redis answer within a second. */
@Injectable()
export class CheckHealthService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ANALYSIS_REDIS) private readonly redis: Redis,
  ) {}

  async execute(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.redis.ping()),
    ]);
    return { healthy: database === 'up' && redis === 'up', details: { database, redis } };
  }
}

async function probe(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
