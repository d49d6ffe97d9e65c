import { AnalysisAbortedError, AnalysisEngineError } from '@so/analysis-engine';
import { ReportInputError, reportTool } from '@so/analysis-reports';
import { parseCliArgs } from './cli-args.js';
import { CliInputError, CliUsageError } from './cli-errors.js';
import type { CliIo } from './cli-io.js';
import { scanCommand } from './scan-command.js';
import { USAGE } from './usage.js';

export const EXIT = { ok: 0, findings: 1, input: 2, internal: 3, interrupted: 130 } as const;

/**
 * The `so` command line: parses `args` (without node and the script), runs the command, and resolves
 * to the process exit code. Never throws and never exits the process, so tests call it in-process.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCliArgs(args);
    switch (command.kind) {
      case 'help':
        io.stdout(USAGE);
        return EXIT.ok;
      case 'version':
        io.stdout(`${reportTool().version}\n`);
        return EXIT.ok;
      case 'scan':
        return await scanCommand(command.options, io);
    }
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  const oneLine = (message: string): string => message.replace(/\s*\n\s*/g, ' ').trim();
  if (error instanceof AnalysisAbortedError) {
    io.stderr('so: interrupted\n');
    return EXIT.interrupted;
  }
  if (error instanceof CliUsageError) {
    io.stderr(`so: ${oneLine(error.message)} (see so --help)\n`);
    return EXIT.input;
  }
  if (error instanceof CliInputError || error instanceof AnalysisEngineError || error instanceof ReportInputError) {
    io.stderr(`so: ${oneLine(error.message)}\n`);
    return EXIT.input;
  }
  io.stderr(`so: internal error: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
  return EXIT.internal;
}
