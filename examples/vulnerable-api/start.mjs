// CLI for the deliberately vulnerable Shop API (and its hardened twin):
//   node examples/vulnerable-api/start.mjs [--hardened] [--port N]
//   node examples/vulnerable-api/start.mjs --write-openapi      rewrites openapi.json / openapi.hardened.json
// Compiles the example with the repo's swc setup into dist/ first, then runs it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
const build = spawnSync(process.execPath, ['scripts/build.mjs', 'examples/vulnerable-api'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const args = process.argv.slice(2);
if (args.includes('--write-openapi') && !args.includes('--out')) args.push('--out', here);
process.argv = [process.argv[0], process.argv[1], ...args];
await import(pathToFileURL(`${root}dist/examples/vulnerable-api/src/main.js`).href);
