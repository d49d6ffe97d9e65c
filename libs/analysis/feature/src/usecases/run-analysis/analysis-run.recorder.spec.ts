import { jest } from '@jest/globals';
import type { EngineFinding } from '@so/analysis-engine';
import type {
  AnalysisRepository,
  FindingLifecycleRepository,
  FindingRepository,
  NewFinding,
  StoredFinding,
} from '@so/analysis-data-access';
import type { AnyDomainEvent } from '@so/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceOutbox } from '@so/shared';
import { AnalysisRunRecorder, type RecorderDeps } from './analysis-run.recorder.js';

const CONTEXT = { analysisId: 'a-1', orgId: 'org-1', projectKey: 'shop', correlationId: 'c-1' };

function finding(fingerprint: string): EngineFinding {
  return {
    ruleId: 'http.headers.missing',
    title: 'Missing header',
    category: 'API8:2023',
    cweId: 'CWE-693',
    severity: 'low',
    description: 'd',
    recommendation: 'r',
    location: { url: 'http://t/', method: 'GET' },
    fingerprint,
  };
}

/** In-memory stand-ins that record what the recorder writes. */
function fakes(options: { inProgress?: () => boolean; failWrites?: boolean } = {}) {
  const events: AnyDomainEvent[] = [];
  const progress: number[] = [];
  const stored = new Set<string>();
  const compared: string[] = [];
  const assessed: string[] = [];
  const compare = (analysisId: string) => {
    if (!(options.inProgress?.() ?? true)) return null;
    compared.push(analysisId);
    return { analysisId, previousAnalysisId: null, newCount: 0, remainingCount: 0, fixedCount: 0, fixed: [] };
  };
  const manager = {
    createQueryBuilder: () => ({
      insert: () => ({
        into: () => ({
          values: (rows: Array<{ payload: AnyDomainEvent }>) => ({
            execute: async () => events.push(...rows.map((row) => row.payload)),
          }),
        }),
      }),
    }),
  } as unknown as EntityManager;
  const deps: RecorderDeps = {
    dataSource: {
      transaction: async <T>(work: (m: EntityManager) => Promise<T>) => {
        if (options.failWrites) throw new Error('connection terminated');
        return work(manager);
      },
    } as unknown as DataSource,
    analyses: {
      lockIfInProgress: async () => options.inProgress?.() ?? true,
      updateProgress: async (_id: string, percent: number, _stage: string, written: AnyDomainEvent[]) => {
        if (!(options.inProgress?.() ?? true)) return false;
        progress.push(percent);
        events.push(...written);
        return true;
      },
      markCompleted: async (_m: EntityManager, _id: string, _metrics: unknown, written: AnyDomainEvent[]) => {
        if (options.failWrites) throw new Error('connection terminated');
        events.push(...written);
        return true;
      },
      completeWithComparison: async (analysisId: string, _metrics: unknown, written: AnyDomainEvent[]) => {
        if (options.failWrites) throw new Error('connection terminated');
        if (compare(analysisId) === null) return false;
        events.push(...written);
        return true;
      },
    } as unknown as AnalysisRepository,
    findings: {
      upsertMany: async (_m: EntityManager, rows: NewFinding[]): Promise<StoredFinding[]> =>
        rows.map((row) => {
          const inserted = !stored.has(row.fingerprint);
          stored.add(row.fingerprint);
          // A fingerprint named `fp-*` stands for one the project triaged as a false positive earlier.
          const status = row.fingerprint.startsWith('fp-') ? 'false_positive' : 'open';
          return { id: `id-${row.fingerprint}`, fingerprint: row.fingerprint, inserted, status };
        }),
      saveAiAssessments: async (_m: EntityManager, _id: string, rows: Array<{ fingerprint: string }>) => {
        assessed.push(...rows.map((row) => row.fingerprint));
      },
    } as unknown as FindingRepository,
    lifecycle: {
      compareWithPrevious: async (_m: EntityManager, analysisId: string) => compare(analysisId),
    } as unknown as FindingLifecycleRepository,
    relay: { wake: () => undefined } as unknown as ServiceOutbox,
  };
  return { deps, events, progress, compared, assessed };
}

describe(AnalysisRunRecorder.name, () => {
  it('writes at most one progress update per interval, keeping the latest', async () => {
    const { deps, progress, events } = fakes();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed: jest.fn() }, 100);
    for (let percent = 1; percent <= 50; percent++) recorder.progress({ stage: 'probing', percent, message: '' });
    await sleep(150);
    await recorder.settle();
    expect(progress).toEqual([1, 50]);
    expect(events.map((event) => event.type)).toEqual(['analysis.progress', 'analysis.progress']);
  });

  it('emits finding.detected once per fingerprint, also when the final result repeats them', async () => {
    const { deps, events } = fakes();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed: jest.fn() }, 0);
    recorder.finding(finding('f1'));
    recorder.finding(finding('f2'));
    const metrics = {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 3, info: 0 },
      operationsDeclared: 0,
      operationsCovered: 0,
      score: 90,
    };
    expect(await recorder.complete({ findings: [finding('f1'), finding('f2'), finding('f3')], metrics }, 12)).toBe(
      true,
    );
    expect(events.map((event) => event.type)).toEqual([
      'finding.detected',
      'finding.detected',
      'finding.detected',
      'analysis.completed',
    ]);
    expect(events.map((event) => (event.data as { fingerprint?: string }).fingerprint).slice(0, 3)).toEqual([
      'f1',
      'f2',
      'f3',
    ]);
    expect(events.every((event) => event.correlationId === 'c-1' && event.projectId === 'shop')).toBe(true);
  });

  it('announces each finding with the triage status it inherited', async () => {
    const { deps, events } = fakes();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed: jest.fn() }, 0);
    recorder.finding(finding('f1'));
    recorder.finding(finding('fp-cdn-header'));
    await recorder.settle();
    expect(events.map((event) => (event.data as { status?: string }).status)).toEqual(['open', 'false_positive']);
  });

  it('compares with the previous run before completing, also when nothing was found', async () => {
    const { deps, events, compared } = fakes();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed: jest.fn() }, 0);
    const metrics = {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      operationsDeclared: 0,
      operationsCovered: 0,
      score: 100,
    };
    expect(await recorder.complete({ findings: [], metrics }, 5)).toBe(true);
    expect(compared).toEqual(['a-1']);
    expect(events.map((event) => event.type)).toEqual(['analysis.completed']);
  });

  it('does not complete an analysis that left IN_PROGRESS before the comparison', async () => {
    const { deps, events, compared } = fakes({ inProgress: () => false });
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed: jest.fn() }, 0);
    const metrics = {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      operationsDeclared: 0,
      operationsCovered: 0,
      score: 100,
    };
    expect(await recorder.complete({ findings: [], metrics }, 5)).toBe(false);
    expect(compared).toEqual([]);
    expect(events).toEqual([]);
  });

  it('stores the AI assessments with the final findings', async () => {
    const { deps, assessed, compared } = fakes();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed: jest.fn() }, 0);
    const metrics = {
      bySeverity: { critical: 0, high: 0, medium: 0, low: 1, info: 0 },
      operationsDeclared: 0,
      operationsCovered: 0,
      score: 99,
    };
    const assessment = { explanation: 'e', priority: 2, model: 'm', assessedAt: '2026-11-27T00:00:00.000Z' };
    await recorder.complete({ findings: [finding('f1')], metrics }, 5, [{ fingerprint: 'f1', assessment }]);
    expect(assessed).toEqual(['f1']);
    expect(compared).toEqual(['a-1']);
  });

  it('reports a run whose analysis left IN_PROGRESS and stops writing for it', async () => {
    const { deps, events } = fakes({ inProgress: () => false });
    const onSuperseded = jest.fn();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded, onWriteFailed: jest.fn() }, 0);
    recorder.finding(finding('f1'));
    recorder.progress({ stage: 'probing', percent: 40, message: '' });
    await recorder.settle();
    expect(onSuperseded).toHaveBeenCalledTimes(2);
    expect(events).toEqual([]);
  });

  it('reports the first write failure and rethrows it when settling', async () => {
    const { deps } = fakes({ failWrites: true });
    const onWriteFailed = jest.fn();
    const recorder = new AnalysisRunRecorder(CONTEXT, deps, { onSuperseded: jest.fn(), onWriteFailed }, 0);
    recorder.finding(finding('f1'));
    recorder.progress({ stage: 'probing', percent: 40, message: '' });
    await expect(recorder.settle()).rejects.toThrow('connection terminated');
    expect(onWriteFailed).toHaveBeenCalledTimes(1);
  });
});
