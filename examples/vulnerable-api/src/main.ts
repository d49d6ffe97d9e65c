import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { startVulnerableApi } from './start-vulnerable-api.js';

/**
 * CLI: `node examples/vulnerable-api/start.mjs [--hardened] [--port N] [--write-openapi --out DIR]`.
 * Prints the URL and the demo tokens, then serves until Ctrl+C.
 */
async function main(argv: string[]): Promise<void> {
  if (argv.includes('--write-openapi')) {
    const outArg = argv.indexOf('--out');
    const folder = outArg >= 0 ? new URL(`file://${argv[outArg + 1]}/`) : new URL('../', import.meta.url);
    for (const [file, hardened] of [
      ['openapi.json', false],
      ['openapi.hardened.json', true],
    ] as const) {
      writeFileSync(new URL(file, folder), `${JSON.stringify(buildOpenApiDocument(hardened), null, 2)}\n`);
      process.stdout.write(`wrote ${file}\n`);
    }
    return;
  }
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port needs a number from 0 to 65535');
  const api = await startVulnerableApi({ hardened: argv.includes('--hardened'), port });
  process.stdout.write(
    [
      `Shop API (${api.hardened ? 'hardened' : 'deliberately vulnerable'}) on ${api.url}`,
      `OpenAPI: ${api.url}/openapi.json`,
      ...Object.entries(api.tokens).map(([user, token]) => `token ${user}: ${token}`),
      'Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void api.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
});
