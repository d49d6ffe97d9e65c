import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** One document of the corpus. */
export interface CorpusSpec {
  /** Short name for tables, e.g. `3.0/json/petstore.json`. */
  name: string;
  /** File both tools read. */
  file: string;
  bytes: number;
}

const require = createRequire(import.meta.url);
const VERSIONS = ['2.0', '3.0', '3.1'];
const FORMATS = ['json', 'yaml'];

/**
 * Every complete OpenAPI document that `@readme/oas-examples` ships (2.0, 3.0, 3.1; JSON and YAML).
 * Subfolders (`3.0/json/openapi-workshop`) hold tutorial fragments, not whole documents: skipped.
 */
export function readmeExamples(): CorpusSpec[] {
  const root = packageRoot('@readme/oas-examples');
  const specs: CorpusSpec[] = [];
  for (const version of VERSIONS) {
    for (const format of FORMATS) {
      const folder = join(root, version, format);
      for (const entry of readdirSync(folder).sort()) {
        const file = join(folder, entry);
        if (!entry.endsWith(`.${format}`) || !statSync(file).isFile()) continue;
        specs.push({ name: relative(root, file), file, bytes: statSync(file).size });
      }
    }
  }
  if (specs.length === 0) throw new Error(`no specs found under ${root}`);
  return specs;
}

/** GitHub's REST API description from `@octokit/openapi`, as shipped (pretty-printed JSON). */
export function githubSpec(): CorpusSpec {
  const file = join(packageRoot('@octokit/openapi'), 'generated', 'api.github.com.json');
  return { name: 'api.github.com.json', file, bytes: statSync(file).size };
}

/**
 * The same document without the pretty-printing whitespace (about 7 MB instead of 13 MB), written
 * under `folder`: the size GitHub publishes it at, and under our engine's 10 MB input limit. Both
 * tools read this copy.
 */
export function minifiedCopy(spec: CorpusSpec, folder: string): CorpusSpec {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, spec.name.replace(/\.json$/, '.min.json'));
  writeFileSync(file, JSON.stringify(JSON.parse(readFileSync(spec.file, 'utf8'))));
  return { name: `${spec.name} (minified)`, file, bytes: statSync(file).size };
}

/** Install folder of a package; read through package.json, which every package ships. */
function packageRoot(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}
