import { AnalysisAbortedError, AnalysisTimeoutError } from '../errors/engine.errors.js';

/**
 * Turns the caller's AbortSignal and `timeoutSeconds` into one internal signal, and makes the run
 * reject the moment either fires, whatever the work is awaiting (DNS lookups and spec parsing
 * cannot be interrupted, so waiting for them to notice would not be prompt).
 */
export class RunGuard {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onCallerAbort = (): void => this.controller.abort(new AnalysisAbortedError());

  constructor(
    private readonly callerSignal: AbortSignal | undefined,
    timeoutSeconds: number,
  ) {
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) {
      this.timer = setTimeout(
        () => this.controller.abort(new AnalysisTimeoutError(timeoutSeconds)),
        timeoutSeconds * 1000,
      );
    }
  }

  /** Aborted on cancel or timeout; its `reason` is the error the run rejects with. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { signal } = this.controller;
    if (signal.aborted) throw signal.reason;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    const pending = work(signal);
    // The loser of the race may still reject later (an aborted socket); that is expected, not unhandled.
    pending.catch(() => undefined);
    try {
      return await Promise.race([pending, aborted]);
    } catch (error) {
      throw signal.aborted ? signal.reason : error;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
