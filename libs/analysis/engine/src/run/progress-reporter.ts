import type { EngineFinding, EngineOptions, ProgressStage } from '../engine.types.js';

/** Share of the whole run each stage owns, so percent only ever grows. */
const BANDS: Record<ProgressStage, [number, number]> = {
  'loading spec': [0, 10],
  'static audit': [10, 30],
  probing: [30, 90],
  scoring: [90, 100],
};

/**
 * Wraps the caller's callbacks. A throwing listener is recorded as a warning instead of failing
 * the scan: losing a live update is better than losing the whole result.
 */
export class ProgressReporter {
  readonly warnings: string[] = [];
  private lastPercent = 0;

  constructor(private readonly options: Pick<EngineOptions, 'onProgress' | 'onFinding'>) {}

  stage(stage: ProgressStage, done: number, total: number, message: string): void {
    const [from, to] = BANDS[stage];
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.max(this.lastPercent, Math.round(from + (to - from) * fraction));
    this.lastPercent = percent;
    this.call('onProgress', () => this.options.onProgress?.({ stage, percent, message }));
  }

  finding(finding: EngineFinding): void {
    this.call('onFinding', () => this.options.onFinding?.(finding));
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  private call(name: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.warn(`${name} listener threw: ${(error as Error).message}`);
    }
  }
}

/**
 * Shares the probing band between the live checks and the per-operation probe, so percent moves
 * evenly while each part keeps its own "3/12 operations" style message.
 */
export class ProbeProgress {
  private done = 0;

  constructor(
    private readonly reporter: ProgressReporter,
    private readonly totalUnits: number,
  ) {}

  report(message: string): void {
    this.reporter.stage('probing', this.done, this.totalUnits, message);
  }

  advance(message: string): void {
    this.done += 1;
    this.report(message);
  }
}
