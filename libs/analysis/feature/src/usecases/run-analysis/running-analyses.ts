import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AnalysisStatus } from '@so/analysis-data-access';
import { AnalysisStatusChannel } from '../../status/analysis-status.channel.js';

/** Why a run was aborted; the worker reacts differently to each. */
export type AbortCause = 'cancelled' | 'timeout' | 'shutdown' | 'write-failed';

/**
 * The analyses this process is running, each with the AbortController its engine run listens to.
 * A cancel announced on the status channel (from any replica) aborts the local run.
 */
@Injectable()
export class RunningAnalyses implements OnModuleInit, OnModuleDestroy {
  private readonly runs = new Map<string, AbortController>();
  private stopListening?: () => void;
  private stoppedBy?: AbortCause;

  constructor(private readonly channel: AnalysisStatusChannel) {}

  onModuleInit(): void {
    this.stopListening = this.channel.listen((message) => {
      if (message.status === AnalysisStatus.Cancelled) this.abort(message.analysisId, 'cancelled');
    });
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** After `stop()`, the controller comes back already aborted: no new run may start. */
  register(analysisId: string): AbortController {
    const controller = new AbortController();
    if (this.stoppedBy) controller.abort(this.stoppedBy);
    else this.runs.set(analysisId, controller);
    return controller;
  }

  unregister(analysisId: string, controller: AbortController): void {
    if (this.runs.get(analysisId) === controller) this.runs.delete(analysisId);
  }

  abort(analysisId: string, cause: AbortCause): void {
    const controller = this.runs.get(analysisId);
    if (controller && !controller.signal.aborted) controller.abort(cause);
  }

  /** Aborts every run and refuses new ones (shutdown). */
  stop(cause: AbortCause): void {
    this.stoppedBy = cause;
    for (const analysisId of this.runs.keys()) this.abort(analysisId, cause);
  }

  get size(): number {
    return this.runs.size;
  }
}

export function abortCauseOf(signal: AbortSignal): AbortCause | undefined {
  if (!signal.aborted) return undefined;
  const reason: unknown = signal.reason;
  return reason === 'cancelled' || reason === 'timeout' || reason === 'shutdown' || reason === 'write-failed'
    ? reason
    : undefined;
}
