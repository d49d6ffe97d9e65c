import type { EngineFinding, Severity } from '../engine.types.js';
import { AnalysisEngineError } from '../errors/engine.errors.js';
import { mapLimit } from '../run/map-limit.js';
import type { AiAnalysisResult, AiAnalyzerSettings, AiAssessment } from './ai-analyzer.types.js';
import { ChatCompletionsClient } from './chat-completions.client.js';
import { findingMessages, parseAssessment } from './finding-prompt.js';

const ASSESSED_SEVERITIES: readonly Severity[] = ['critical', 'high'];

/** The findings worth a request: critical and high only, most severe first, at most `max`. */
export function findingsToAssess(findings: readonly EngineFinding[], max: number): EngineFinding[] {
  const seen = new Set<string>();
  return findings
    .filter((finding) => ASSESSED_SEVERITIES.includes(finding.severity))
    .filter((finding) => !seen.has(finding.fingerprint) && seen.add(finding.fingerprint))
    .sort((a, b) => ASSESSED_SEVERITIES.indexOf(a.severity) - ASSESSED_SEVERITIES.indexOf(b.severity))
    .slice(0, Math.max(0, max));
}

export interface AssessOptions {
  /**
   * Epoch ms after which no request is started and in-flight ones are cut short: the analysis' own
   * time limit, so a slow endpoint leaves findings unassessed instead of failing the analysis.
   */
  deadline?: number;
  client?: ChatCompletionsClient;
}

/**
 * Asks an OpenAI-compatible chat endpoint to explain and rank the analysis' critical and high
 * findings. Never throws for the endpoint's sake: a refused endpoint, an outage, a bad answer or
 * the deadline becomes a warning and the findings it concerns stay unassessed. Only `signal`
 * (cancel, shutdown) ends it early, with the signal's reason.
 */
export async function assessFindings(
  findings: readonly EngineFinding[],
  settings: AiAnalyzerSettings,
  signal: AbortSignal,
  options: AssessOptions = {},
): Promise<AiAnalysisResult> {
  const client = options.client ?? new ChatCompletionsClient(settings);
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  const selected = findingsToAssess(findings, settings.maxFindings);
  const result: AiAnalysisResult = { assessments: new Map(), warnings: [], attempted: 0 };
  if (selected.length === 0) return result;
  try {
    await client.vet();
  } catch (error) {
    const reason = error instanceof AnalysisEngineError ? error.message : String(error);
    result.warnings.push(`AI analysis skipped: ${reason.replace(/TARGET_ALLOWLIST/g, 'AI_ANALYSIS_ALLOWLIST')}`);
    return result;
  }
  const failures: string[] = [];
  let outOfTime = 0;
  try {
    await mapLimit(selected, settings.concurrency, signal, async (finding) => {
      const left = deadline - Date.now();
      if (left <= 0) {
        outOfTime += 1;
        return;
      }
      result.attempted += 1;
      try {
        const completion = await client.complete(findingMessages(finding), signal, Math.min(settings.timeoutMs, left));
        const assessment: AiAssessment = { ...parseAssessment(completion.content), model: completion.model };
        result.assessments.set(finding.fingerprint, assessment);
      } catch (error) {
        signal.throwIfAborted();
        failures.push(error instanceof Error ? error.message : String(error));
      }
    });
  } finally {
    await client.close().catch(() => undefined);
  }
  if (outOfTime > 0) {
    result.warnings.push(`AI analysis: ${outOfTime} findings not assessed within the analysis time limit`);
  }
  if (failures.length > 0) {
    result.warnings.push(
      `AI analysis: ${failures.length} of ${selected.length} findings could not be assessed (${failures[0]})`,
    );
  }
  return result;
}
