import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { isTerminalStatus } from '@so/analysis-data-access';
import type { CallerIdentity } from '@so/shared';
import { AnalysisStatusChannel } from '../../status/analysis-status.channel.js';
import type { AnalysisView } from '../../views/analysis.view.js';
import { GetAnalysisService } from '../get-analysis/get-analysis.service.js';

export interface AwaitAnalysisOptions {
  /** Epoch milliseconds at which the current state is returned, terminal or not. */
  until: number;
  /** Stops waiting early, e.g. the caller hung up. */
  signal?: AbortSignal;
}

/** Row re-check interval; the status channel usually wakes waiters long before. */
const POLL_MS = 1000;

/** Waits until an analysis reaches a terminal status (or the time is up) and returns it. */
@Injectable()
export class AwaitAnalysisService implements OnModuleDestroy {
  private readonly stopping = new AbortController();

  constructor(
    private readonly getAnalysis: GetAnalysisService,
    private readonly channel: AnalysisStatusChannel,
  ) {}

  /** Shutdown releases every waiter with the state it has, instead of holding the server open. */
  onModuleDestroy(): void {
    this.stopping.abort();
  }

  async execute(identity: CallerIdentity, analysisId: string, options: AwaitAnalysisOptions): Promise<AnalysisView> {
    const signals = [this.stopping.signal, ...(options.signal ? [options.signal] : [])];
    let notified = false;
    let wake = () => {};
    const stopListening = this.channel.listen((message) => {
      if (message.analysisId !== analysisId.toLowerCase()) return;
      notified = true;
      wake();
    });
    try {
      for (;;) {
        notified = false;
        const { analysis } = await this.getAnalysis.load(identity, analysisId);
        const remaining = options.until - Date.now();
        if (isTerminalStatus(analysis.status) || remaining <= 0 || signals.some((signal) => signal.aborted)) break;
        if (notified) continue;
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            for (const signal of signals) signal.removeEventListener('abort', done);
            wake = () => {};
            resolve();
          };
          const timer = setTimeout(done, Math.min(POLL_MS, remaining));
          for (const signal of signals) signal.addEventListener('abort', done, { once: true });
          wake = done;
        });
      }
    } finally {
      stopListening();
    }
    return this.getAnalysis.execute(identity, analysisId);
  }
}
