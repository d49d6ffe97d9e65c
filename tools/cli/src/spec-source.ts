import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CliIoError } from './cli-errors.js';
import { fetchSpec, MAX_SPEC_BYTES } from './fetch-spec.js';

export interface LoadedSpecSource {
  text: string;
  /** For reports: a path relative to the working directory (the repository root in CI), or the URL. */
  specPath: string;
}

export interface SpecSourceOptions {
  cwd: string;
  allowList: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Reads the spec from a file, or downloads it through the SSRF policy when given an http(s) URL. */
export async function loadSpecSource(source: string, options: SpecSourceOptions): Promise<LoadedSpecSource> {
  if (isHttpUrl(source)) {
    const text = await fetchSpec(source, options);
    return { text, specPath: source };
  }
  const path = resolve(options.cwd, source);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliIoError(`cannot read spec ${source}: not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliIoError) throw error;
    throw new CliIoError(`cannot read spec ${source}: ${describeFsError(error)}`, { cause: error });
  }
  if (size > MAX_SPEC_BYTES) throw new CliIoError(`cannot read spec ${source}: larger than 10 MB`);
  const text = await readFile(path, 'utf8');
  return { text, specPath: reportPath(options.cwd, path) };
}

/** Relative to cwd with forward slashes when inside it (what code scanning wants), else absolute. */
function reportPath(cwd: string, absolutePath: string): string {
  const relativePath = relative(cwd, absolutePath);
  if (relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath)) return absolutePath;
  return relativePath.split(sep).join('/');
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (error as Error).message;
}
