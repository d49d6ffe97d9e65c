#!/usr/bin/env node
// `so` launcher (package.json "bin"): runs the compiled CLI from dist/, so the command starts in
// milliseconds and needs no TypeScript tooling. Build it with `npm run build`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const entry = join(root, 'dist', 'tools', 'cli', 'src', 'main.js');

if (!existsSync(entry)) {
  process.stderr.write(`so: the CLI is not built (${entry} is missing): run "npm run build" in ${root}\n`);
  process.exit(2);
}
await import(pathToFileURL(entry).href);
