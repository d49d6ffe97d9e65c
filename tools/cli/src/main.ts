import { runCli } from './cli.js';

// Ctrl-C aborts the scan (in-flight probes too) and exits 130; a second one kills at once.
const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  signal: interrupt.signal,
});
// Nothing else should keep the process alive; the SIGINT listener must not either.
process.removeAllListeners('SIGINT');
