import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { runAnalysis, type EngineResult, type ProgressStage } from '@so/analysis-engine';
import {
  diffFindings,
  findingsAtOrAbove,
  parseJsonReport,
  renderReport,
  reportTool,
  type JsonReportFinding,
  type RenderOptions,
  type ReportModel,
} from '@so/analysis-reports';
import type { ScanOptions } from './cli-args.js';
import { CliIoError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { describeFsError, loadSpecSource } from './spec-source.js';

const SPEC_FETCH_TIMEOUT_MS = 30_000;

/** `so scan`: load the spec, run the engine, write the report; resolves to the exit code (0 or 1). */
export async function scanCommand(options: ScanOptions, io: CliIo): Promise<number> {
  const progress = (line: string): void => {
    if (!options.quiet) io.stderr(`so: ${line}\n`);
  };
  // Read the baseline first: a wrong path should fail before minutes of scanning, not after.
  const baseline = options.baseline ? await readBaseline(resolve(io.cwd, options.baseline)) : undefined;
  const spec = options.spec
    ? await loadSpecSource(options.spec, {
        cwd: io.cwd,
        allowList: options.allow,
        timeoutMs: SPEC_FETCH_TIMEOUT_MS,
        ...(io.signal ? { signal: io.signal } : {}),
      })
    : undefined;

  const startedAt = new Date();
  let stage: ProgressStage | undefined;
  const result: EngineResult = await runAnalysis(
    { ...(options.target ? { targetUrl: options.target } : {}), ...(spec ? { specText: spec.text } : {}) },
    {
      deepScan: options.deep,
      maxDepth: options.maxDepth,
      vulnerabilityTypes: [],
      timeoutSeconds: options.timeoutSeconds,
      targetAllowList: options.allow,
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (update) => {
        if (update.stage !== stage) progress(update.message);
        stage = update.stage;
      },
    },
  );
  // No `rules`: the engine does not say which checks ran (some skip themselves with a warning), so
  // reports list only rules with findings rather than claim that a skipped check passed.
  const model: ReportModel = {
    tool: reportTool(),
    analysis: {
      ...(options.target ? { target: options.target } : {}),
      ...(spec ? { specPath: spec.specPath } : {}),
      startedAt,
      completedAt: new Date(),
    },
    findings: result.findings,
    metrics: result.metrics,
    ...(result.warnings ? { warnings: result.warnings } : {}),
  };
  const changes = baseline ? diffFindings(baseline, result.findings) : undefined;
  const renderOptions: RenderOptions = {
    failOn: options.failOn,
    ...(options.sarifAnchor ? { sarifAnchorUri: options.sarifAnchor } : {}),
    ...(changes ? { changes } : {}),
  };
  const report = renderReport(model, options.format, renderOptions);

  const blocking = options.failOn === 'none' ? [] : findingsAtOrAbove(result.findings, options.failOn);
  if (options.output) {
    await writeReport(resolve(io.cwd, options.output), options.output, report);
  } else {
    io.stdout(report);
  }
  // The full text summary already says all of this when it went to the terminal.
  if (options.output || options.format !== 'text') {
    const counts = `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}, score ${result.metrics.score}/100`;
    const changed = changes ? `; since the baseline ${changes.new.length} new, ${changes.fixed.length} fixed` : '';
    const written = options.output ? `; ${options.format} report written to ${options.output}` : '';
    const verdict =
      options.failOn === 'none'
        ? ''
        : blocking.length > 0
          ? ` FAIL: ${blocking.length} at or above ${options.failOn}.`
          : ' PASS.';
    io.stderr(`so: ${counts}${changed}${written}.${verdict}\n`);
  }
  return blocking.length > 0 ? 1 : 0;
}

async function readBaseline(path: string): Promise<JsonReportFinding[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliIoError(`cannot read --baseline ${path}: ${describeFsError(error)}`, { cause: error });
  }
  try {
    return parseJsonReport(text).findings;
  } catch (error) {
    throw new CliIoError(`--baseline ${path}: ${(error as Error).message}`, { cause: error });
  }
}

async function writeReport(path: string, shown: string, report: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, report, 'utf8');
  } catch (error) {
    throw new CliIoError(`cannot write report to ${shown}: ${describeFsError(error)}`, { cause: error });
  }
}
