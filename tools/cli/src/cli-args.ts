import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import type { Severity } from '@so/analysis-engine';
import {
  isReportFormat,
  isSeverity,
  REPORT_FORMATS,
  reportFormatForFile,
  type ReportFormat,
} from '@so/analysis-reports';
import { CliUsageError } from './cli-errors.js';

export interface ScanOptions {
  /** Spec file path or http(s) URL; optional when --target is given. */
  spec?: string;
  target?: string;
  format: ReportFormat;
  output?: string;
  failOn: Severity | 'none';
  deep: boolean;
  allow: string[];
  baseline?: string;
  sarifAnchor?: string;
  timeoutSeconds: number;
  maxDepth: number;
  quiet: boolean;
}

export type CliCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'scan'; options: ScanOptions };

const DEFAULT_TIMEOUT_SECONDS = 300;
const DEFAULT_MAX_DEPTH = 10;

/** Parses `so <command> ...`; throws CliUsageError with a one-line message on anything unclear. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node:util's messages run on with advice about `--`; the first sentence is the useful part.
    throw new CliUsageError((error as Error).message.split(/\.\s/)[0]!.replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new CliUsageError('missing command: use "so scan <spec-file-or-url>"');
  if (command === 'help') return { kind: 'help' };
  if (command !== 'scan') throw new CliUsageError(`unknown command "${command}": the only command is "scan"`);
  if (rest.length > 1)
    throw new CliUsageError(`scan takes one spec file or URL, got ${rest.length}: ${rest.join(' ')}`);
  const spec = rest[0];
  if (spec === undefined && values.target === undefined) {
    throw new CliUsageError('nothing to scan: give a spec file or URL, a --target, or both');
  }
  if (values.target !== undefined && !/^https?:\/\/[^/]/i.test(values.target)) {
    throw new CliUsageError(`--target must be an http or https URL, got "${values.target}"`);
  }
  return {
    kind: 'scan',
    options: {
      ...(spec !== undefined ? { spec } : {}),
      ...(values.target !== undefined ? { target: values.target } : {}),
      format: formatOf(values.format, values.output),
      ...(values.output !== undefined ? { output: values.output } : {}),
      failOn: failOnOf(values['fail-on']),
      deep: values.deep ?? false,
      allow: allowListOf(values.allow ?? []),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...(values['sarif-anchor'] !== undefined ? { sarifAnchor: values['sarif-anchor'] } : {}),
      timeoutSeconds: integerOf('--timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS),
      maxDepth: integerOf('--max-depth', values['max-depth'], DEFAULT_MAX_DEPTH),
      quiet: values.quiet ?? false,
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      deep: { type: 'boolean' },
      allow: { type: 'string', multiple: true },
      baseline: { type: 'string' },
      'sarif-anchor': { type: 'string' },
      timeout: { type: 'string' },
      'max-depth': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

function formatOf(format: string | undefined, output: string | undefined): ReportFormat {
  if (format !== undefined) {
    const normalized = format.toLowerCase();
    if (!isReportFormat(normalized)) {
      throw new CliUsageError(`unknown --format "${format}": use one of ${REPORT_FORMATS.join(', ')}`);
    }
    return normalized;
  }
  return (output !== undefined ? reportFormatForFile(output) : undefined) ?? 'text';
}

function failOnOf(value: string | undefined): Severity | 'none' {
  if (value === undefined) return 'high';
  const normalized = value.toLowerCase();
  if (normalized === 'none' || isSeverity(normalized)) return normalized;
  throw new CliUsageError(`unknown --fail-on "${value}": use critical, high, medium, low, info or none`);
}

/** Repeatable and comma-separated; a malformed CIDR is an error here rather than a silent host name. */
function allowListOf(values: readonly string[]): string[] {
  const entries = values
    .flatMap((value) => value.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const cidr = /^(.+)\/(\d+)$/.exec(entry);
    if (!cidr && !entry.includes('/')) continue;
    const family = cidr ? isIP(cidr[1]!.replace(/^\[(.*)\]$/, '$1')) : 0;
    if (!cidr || family === 0 || Number(cidr[2]) > (family === 4 ? 32 : 128)) {
      throw new CliUsageError(`--allow "${entry}" is neither a host name, an address nor a CIDR like 10.0.0.0/8`);
    }
  }
  return entries;
}

function integerOf(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim())) throw new CliUsageError(`${flag} must be a whole number, got "${value}"`);
  return Number(value.trim());
}
