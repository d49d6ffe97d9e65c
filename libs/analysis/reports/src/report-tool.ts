import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportTool } from './report.types.js';

/**
 * Name and version reports are signed with (SARIF `tool.driver`), one for the service's downloads
 * and the `so` CLI alike, so both kinds of upload group together in code scanning. The version is
 * the repository's package.json, found by walking up: it sits at a different depth in the sources
 * and in dist/.
 */
export function reportTool(): ReportTool {
  return { name: 'SecurityOrchestrator', version: (cachedVersion ??= packageVersion() ?? '0.0.0') };
}

let cachedVersion: string | undefined;

function packageVersion(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'security-orchestrator' && manifest.version) return manifest.version;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
