import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { DependencyChecks } from './dependency-checks.js';

export interface ReadinessReport {
  ready: boolean;
  result: HealthCheckResult;
}

export interface HealthSummary {
  status: 'ok' | 'degraded';
  components: Record<string, 'up' | 'down'>;
}

/** Readiness (full terminus report) and the public summary (component names and up/down only). */
@Injectable()
export class GatewayReadinessService {
  private cachedSummary?: { at: number; value: Promise<HealthSummary> };

  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: DependencyChecks,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    try {
      return { ready: true, result: await this.health.check(this.checks.all()) };
    } catch (error) {
      // terminus reports failed checks as a 503 exception carrying the full result.
      if (error instanceof ServiceUnavailableException)
        return { ready: false, result: error.getResponse() as HealthCheckResult };
      throw error;
    }
  }

  /**
   * Cached for 2 s: the public endpoint needs no key, so it must not let anyone fan out a burst of
   * probes to every dependency.
   */
  summary(now = Date.now()): Promise<HealthSummary> {
    if (!this.cachedSummary || now - this.cachedSummary.at > 2_000) {
      this.cachedSummary = { at: now, value: this.readiness().then(toSummary) };
    }
    return this.cachedSummary.value;
  }
}

function toSummary(report: ReadinessReport): HealthSummary {
  const components: Record<string, 'up' | 'down'> = {};
  for (const [name, detail] of Object.entries(report.result.details))
    components[name] = detail.status === 'down' ? 'down' : 'up';
  return { status: report.ready ? 'ok' : 'degraded', components };
}
