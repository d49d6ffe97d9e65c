import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AiAssessmentRecord } from '@so/analysis-data-access';
import { assessFindings, type EngineFinding } from '@so/analysis-engine';
import { ANALYSIS_FEATURE_OPTIONS, type AnalysisFeatureOptions } from '../../analysis-feature.options.js';

export interface FindingAssessments {
  assessments: Array<{ fingerprint: string; assessment: AiAssessmentRecord }>;
  /** For the analysis warnings: the run completes whatever the AI endpoint does. */
  warnings: string[];
}

const NOTHING: FindingAssessments = { assessments: [], warnings: [] };

/**
 * The optional AI step of a run (`enable_ai_analysis`): explains and ranks the critical and high
 * findings through the operator's OpenAI-compatible endpoint. Nothing leaves the platform unless
 * the analysis asked for it AND the operator configured an endpoint.
 */
@Injectable()
export class AssessFindingsService {
  private readonly logger = new Logger(AssessFindingsService.name);

  constructor(@Inject(ANALYSIS_FEATURE_OPTIONS) private readonly options: AnalysisFeatureOptions) {}

  /** Whether a run with this setting will call the endpoint at all. */
  isActive(enabled: boolean): boolean {
    return enabled && this.options.aiAnalysis !== undefined;
  }

  /**
   * Rejects only with `signal`'s reason (cancel, shutdown). Requests stop at `deadline` (epoch ms,
   * the analysis' time limit): what is left unassessed becomes a warning, never a failed analysis.
   */
  async execute(
    enabled: boolean,
    findings: readonly EngineFinding[],
    signal: AbortSignal,
    deadline: number,
  ): Promise<FindingAssessments> {
    if (!enabled) return NOTHING;
    const settings = this.options.aiAnalysis;
    if (!settings) {
      return { assessments: [], warnings: ['AI analysis was requested but no AI endpoint is configured (AI_ANALYSIS_URL)'] };
    }
    const result = await assessFindings(findings, settings, signal, { deadline });
    for (const warning of result.warnings) this.logger.warn(warning);
    const assessedAt = new Date().toISOString();
    return {
      assessments: [...result.assessments].map(([fingerprint, assessment]) => ({
        fingerprint,
        assessment: { ...assessment, assessedAt },
      })),
      warnings: result.warnings,
    };
  }
}
