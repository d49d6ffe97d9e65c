import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { loadConfig, ConfigValidationError } from '../config/load-config.js';
import { outboxPruningConfigShape, outboxPruningOptions } from './outbox-pruning.config.js';

const schema = z.object(outboxPruningConfigShape);

describe('outbox pruning config', () => {
  it('defaults to a day of retention, pruned every ten minutes', () => {
    expect(outboxPruningOptions(loadConfig('test', schema, {}))).toEqual({ retentionMs: 86_400_000, intervalMs: 600_000 });
    expect(outboxPruningOptions(loadConfig('test', schema, { OUTBOX_RETENTION_MS: '3600000', OUTBOX_PRUNE_INTERVAL_MS: '60000' }))).toEqual({
      retentionMs: 3_600_000,
      intervalMs: 60_000,
    });
  });

  it('refuses at boot a retention or interval that is not a sane number of milliseconds, naming the variable', () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig('test', schema, env);
        return [];
      } catch (error) {
        return error instanceof ConfigValidationError ? error.problems : [String(error)];
      }
    };
    expect(problems({ OUTBOX_RETENTION_MS: '1d', OUTBOX_PRUNE_INTERVAL_MS: '0' })).toEqual([
      'OUTBOX_RETENTION_MS: must be a number of milliseconds',
      'OUTBOX_PRUNE_INTERVAL_MS: must be between 1000 and 86400000',
    ]);
    expect(problems({ OUTBOX_RETENTION_MS: '500' })).toEqual(['OUTBOX_RETENTION_MS: must be between 60000 and 7776000000']);
  });
});
