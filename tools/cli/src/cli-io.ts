/** What the CLI touches of its process, so tests can run it in-process and read what it printed. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths (spec, --output, --baseline) are resolved against. */
  cwd: string;
  /** Aborts a running scan (Ctrl-C). */
  signal?: AbortSignal;
}
