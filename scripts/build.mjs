// `npm run build`: compiles apps/, libs/ and tools/ with swc (repo .swcrc: decorators, @so/* aliases rewritten
// to relative paths) into dist/ with the same layout, and copies proto/ to dist/proto, so that
// `node dist/apps/<svc>/src/main.js` runs without the TypeScript sources.
//
//   node scripts/build.mjs                  clean build of everything
//   node scripts/build.mjs libs/shared ...  compile only these folders (nx per-project build), no clean
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyNoNetworkEnv, REPO_ROOT } from './lib/env.mjs';

applyNoNetworkEnv();

const DIST = join(REPO_ROOT, 'dist');
const TESTS = ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/__fixtures__/**'];

const requested = process.argv.slice(2);
const full = requested.length === 0;
const folders = (full ? ['apps', 'libs', 'tools'] : requested).filter((folder) => {
  const path = join(REPO_ROOT, folder);
  return existsSync(path) && statSync(path).isDirectory() && readdirSync(path).length > 0;
});

const started = Date.now();
if (full) rmSync(DIST, { recursive: true, force: true });

if (folders.length > 0) {
  const code = await new Promise((resolve) => {
    const swc = spawn(
      join(REPO_ROOT, 'node_modules/.bin/swc'),
      [
        ...folders,
        '--out-dir',
        'dist',
        '--copy-files',
        '--config-file',
        '.swcrc',
        '--ignore',
        TESTS.join(','),
        '--quiet',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    // swc-cli prints a banner about its beta successor on every run; keep only real output.
    let out = '';
    swc.stdout.on('data', (chunk) => (out += chunk));
    swc.once('error', (error) => {
      process.stderr.write(`cannot run swc: ${error.message} (run npm ci)\n`);
      resolve(127);
    });
    swc.once('close', (exitCode) => {
      const useful = out
        .split('\n')
        .filter(
          (line) =>
            line.trim() &&
            !/swcx|Beta version|=====|swc-project\/swc\/issues\/4017|default command for @swc\/cli/.test(line),
        );
      if (useful.length) process.stdout.write(useful.join('\n') + '\n');
      resolve(exitCode ?? 1);
    });
  });
  if (code !== 0) {
    process.stderr.write(`build failed: swc exited with ${code}\n`);
    process.exit(code);
  }
}

// Services load .proto files at runtime; @so/contracts finds them in dist/proto when running from dist.
if (full || requested.some((folder) => folder.replace(/\/+$/, '') === 'libs' || folder.startsWith('libs/contracts'))) {
  cpSync(join(REPO_ROOT, 'proto'), join(DIST, 'proto'), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || src.endsWith('.proto'),
  });
}

process.stdout.write(`build: compiled ${folders.join(', ') || 'nothing'} into dist/ in ${Date.now() - started} ms\n`);
