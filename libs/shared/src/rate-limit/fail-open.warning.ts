import { Logger } from '@nestjs/common';

/**
 * The warning a rate limiter logs when Redis cannot answer and requests are let through (fail open):
 * at most one per `intervalMs`, so an outage under load does not flood the log.
 */
export class FailOpenWarning {
  private readonly logger: Logger;
  private lastLoggedAt = 0;

  constructor(
    context: string,
    private readonly intervalMs = 10_000,
  ) {
    this.logger = new Logger(context);
  }

  log(error: unknown, now = Date.now()): void {
    if (now - this.lastLoggedAt < this.intervalMs) return;
    this.lastLoggedAt = now;
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'rate limiter unavailable; letting requests through');
  }
}
