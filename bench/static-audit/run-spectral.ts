// Child process: `node run-spectral.js <spec file>` lints the spec with Spectral and the OWASP ruleset,
// both loaded from the installed packages (no remote ruleset), and prints one ToolRun JSON line.
import './no-network.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { performance } from 'node:perf_hooks';
// CommonJS packages whose named exports Node cannot detect: take them from the default export.
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import refResolver from '@stoplight/spectral-ref-resolver';
// Its types are CommonJS (`export default` in a .d.ts of a "type": "commonjs" package), so TypeScript
// puts the ruleset at `.default.default`; Node loads the ESM build, where it is the default export.
import * as owaspModule from '@stoplight/spectral-owasp-ruleset';
import { cpuMsSince, peakRssMb, printToolRun, sinceProcessStart, specFileArgument } from './tool-run.js';

const { Document, Spectral } = spectralCore;
const owaspRuleset = owaspModule.default as unknown as typeof owaspModule.default.default;
const file = specFileArgument('spectral');

/** Local `$ref`s resolve from disk as in the CLI; remote ones fail instead of being fetched. */
const resolver = new refResolver.Resolver({
  resolvers: {
    file: { resolve: (ref: { path(): string }) => readFile(decodeURIComponent(ref.path()), 'utf8') },
    http: { resolve: refuseRemote },
    https: { resolve: refuseRemote },
  },
});
const spectral = new Spectral({ resolver });
const skippedRules = (process.argv.find((arg) => arg.startsWith('--without='))?.slice('--without='.length) ?? '')
  .split(',')
  .filter(Boolean);
const rules = Object.fromEntries(Object.entries(owaspRuleset.rules).filter(([id]) => !skippedRules.includes(id)));
spectral.setRuleset({ ...owaspRuleset, rules } as typeof owaspRuleset);
const owaspRuleIds = new Set(Object.keys(rules));
const loadMs = sinceProcessStart();

const cpuStart = process.cpuUsage();
const started = performance.now();
try {
  // Synchronous for the same reason as in run-ours.ts.
  const text = readFileSync(file, 'utf8');
  // The CLI's choice: JSON files through the JSON parser, everything else as YAML.
  const document =
    extname(file).toLowerCase() === '.json'
      ? new Document(text, spectralParsers.Json, file)
      : new Document(text, spectralParsers.Yaml, file);
  const diagnostics = await spectral.run(document);
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpuStart);
  // Parser and resolver diagnostics (invalid-ref, parser) are not OWASP findings; leave them out.
  const findings = diagnostics.filter((diagnostic) => owaspRuleIds.has(String(diagnostic.code)));
  printToolRun({
    tool: 'spectral',
    ms,
    cpuMs,
    loadMs,
    peakRssMb: peakRssMb(),
    findings: findings.length,
    occurrences: findings.length,
    ruleIds: [...new Set(findings.map((diagnostic) => String(diagnostic.code)))].sort(),
    ...(skippedRules.length > 0 ? { skippedRules } : {}),
  });
} catch (error) {
  printToolRun({
    tool: 'spectral',
    ms: performance.now() - started,
    cpuMs: cpuMsSince(cpuStart),
    loadMs,
    peakRssMb: peakRssMb(),
    findings: 0,
    occurrences: 0,
    ruleIds: [],
    error: error instanceof Error ? error.message : String(error),
    ...crashedRule(error),
    ...(skippedRules.length > 0 ? { skippedRules } : {}),
  });
}

function refuseRemote(ref: { toString(): string }): Promise<never> {
  return Promise.reject(new Error(`remote $ref not fetched by the benchmark: ${ref.toString()}`));
}

/**
 * A JSONPath filter that throws (`@.match` on a non-string: a schema property named `parameters` with
 * a `name` object in it, as in GitHub's spec) ends Spectral's whole run. Names the rule whose `given`
 * holds the failing expression, so the parent can measure the rest of the ruleset.
 */
function crashedRule(error: unknown): { crashedRule?: string } {
  const message = error instanceof Error ? error.message : '';
  if (!message.startsWith('jsonPath')) return {};
  const expression = message.slice(message.lastIndexOf(': ') + 2);
  if (expression.length < 8) return {};
  const rule = Object.entries(rules).find(([, definition]) =>
    JSON.stringify(definition.given).includes(JSON.stringify(expression).slice(1, -1)),
  );
  return rule ? { crashedRule: rule[0] } : {};
}
