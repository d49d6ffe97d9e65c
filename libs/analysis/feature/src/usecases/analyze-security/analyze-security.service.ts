import { Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@so/shared';
import type { AnalysisView } from '../../views/analysis.view.js';
import { AwaitAnalysisService } from '../await-analysis/await-analysis.service.js';
import type { StartAnalysisCommand } from '../start-analysis/start-analysis.command.js';
import { StartAnalysisService } from '../start-analysis/start-analysis.service.js';

const WAIT_GRACE_SECONDS = 60;

export interface AnalyzeSecurityOptions {
  /** False: answer at once with the PENDING analysis. */
  waitForResult: boolean;
  /** Epoch milliseconds by which an answer is due (the caller's deadline less a margin; Infinity = none). */
  answerBy: number;
  /** The caller went away: stop waiting. */
  signal?: AbortSignal;
}

/** Starts an analysis and, unless told not to, waits for its result until the caller's deadline. */
@Injectable()
export class AnalyzeSecurityService {
  constructor(
    private readonly startAnalysis: StartAnalysisService,
    private readonly awaitAnalysis: AwaitAnalysisService,
  ) {}

  async execute(
    identity: CallerIdentity,
    command: StartAnalysisCommand,
    options: AnalyzeSecurityOptions,
  ): Promise<AnalysisView> {
    const started = await this.startAnalysis.execute(identity, command);
    if (!options.waitForResult) return started;
    // Without a caller deadline, wait no longer than the analysis itself may take.
    const latest = Date.now() + (started.config.timeoutSeconds + WAIT_GRACE_SECONDS) * 1000;
    return this.awaitAnalysis.execute(identity, started.id, {
      until: Math.min(options.answerBy, latest),
      signal: options.signal,
    });
  }
}
