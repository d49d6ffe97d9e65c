// `node dist/bench/static-audit/cpu-profile-top.js <file.cpuprofile> [count]`: the functions that took
// the most time in a V8 CPU profile (from `node --cpu-prof`), by self time and by total time. Used to
// find the static audit's hot spots: see bench/README.md.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, countArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node cpu-profile-top.js <file.cpuprofile> [count]\n');
  process.exit(2);
}
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const label = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '(native)';
  return `${functionName || '(anonymous)'} ${where}`;
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, index) => {
  const micros = profile.timeDeltas[index] ?? 0;
  all += micros;
  const leaf = byId.get(id);
  if (!leaf) return;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + micros);
  // Count each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let node: ProfileNode | undefined = leaf; node; node = byId.get(parent.get(node.id) ?? -1)) {
    const name = label(node);
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + micros);
  }
});

const print = (title: string, table: Map<string, number>): void => {
  process.stdout.write(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled)\n`);
  for (const [name, micros] of [...table].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    process.stdout.write(
      `  ${(micros / 1000).toFixed(0).padStart(7)} ms ${((micros / all) * 100).toFixed(1).padStart(5)}%  ${name}\n`,
    );
  }
};
print('self time', self);
print('total time', total);
