import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHttpServer, type TestHttpServer } from '@so/testing';
import type { Log } from 'sarif';
import { sarifSchemaErrors } from '@so/testing';
import { fixtureApi } from './__fixtures__/fixture-api.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..', '..');
const FIXTURES = join(HERE, '__fixtures__');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  script: string,
  args: string[],
  options: { cwd: string; interruptWhen?: (stderr: string) => boolean },
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!interrupted && options.interruptWhen?.(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The CLI as users run it: compiled with the repository's swc config (what `npm run build` does) into
 * a throwaway folder under .data/, then started as its own node process.
 */
describe('so (compiled, as a separate process)', () => {
  let out: string;
  let main: string;
  let api: TestHttpServer;
  let hanging: TestHttpServer;
  let work: string;

  beforeAll(async () => {
    out = join(REPO, '.data', `cli-build-${process.pid}`);
    const swc = spawnSync(
      join(REPO, 'node_modules/.bin/swc'),
      [
        'tools/cli',
        'libs',
        '--out-dir',
        out,
        '--copy-files',
        '--config-file',
        '.swcrc',
        '--ignore',
        '**/*.spec.ts,**/*.integration-spec.ts,**/*.e2e-spec.ts,**/__fixtures__/**',
        '--quiet',
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    if (swc.status !== 0) throw new Error(`swc failed: ${swc.stderr}`);
    main = join(out, 'tools/cli/src/main.js');
    api = await startHttpServer(fixtureApi(await readFile(join(FIXTURES, 'shop.openapi.yaml'), 'utf8')));
    // Accepts connections and never answers: a scan against it only ends by timeout or Ctrl-C.
    hanging = await startHttpServer(() => undefined);
    work = await mkdtemp(join(tmpdir(), 'so-cli-process-'));
    await copyFile(join(FIXTURES, 'shop.openapi.yaml'), join(work, 'openapi.yaml'));
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await hanging?.close();
    if (work) await rm(work, { recursive: true, force: true });
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('scans, writes SARIF to standard output and exits 1 on high findings', async () => {
    const exit = await run(
      main,
      ['scan', 'openapi.yaml', '--target', `${api.url}/v1`, '--allow', '127.0.0.1', '--format', 'sarif'],
      { cwd: work },
    );
    expect(exit.code).toBe(1);
    const log = JSON.parse(exit.stdout) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results!.length).toBeGreaterThan(3);
    expect(log.runs[0]!.tool.driver.name).toBe('SecurityOrchestrator');
    expect(exit.stderr).toMatch(/FAIL: \d+ at or above high\.\n$/);
  });

  it('exits 0 when nothing reaches --fail-on, and 2 on a usage error', async () => {
    const clean = await run(main, ['scan', 'openapi.yaml', '--fail-on', 'critical', '-q'], { cwd: work });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('PASS: no findings at or above critical');
    const usage = await run(main, ['scan', 'openapi.yaml', '--format'], { cwd: work });
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/^so: Option '-f, --format <value>' argument missing \(see so --help\)\n$/);
  });

  it('stops a running scan on Ctrl-C with exit 130', async () => {
    const exit = await run(main, ['scan', '--target', hanging.url, '--allow', '127.0.0.1'], {
      cwd: work,
      interruptWhen: (stderr) => stderr.includes('so: probing'),
    });
    expect(exit.stderr).toContain('so: interrupted');
    expect(exit.code).toBe(130);
  });

  it('the launcher says to build when the compiled CLI is missing', async () => {
    const fakeRoot = await mkdtemp(join(tmpdir(), 'so-launcher-'));
    try {
      await mkdir(join(fakeRoot, 'tools/cli/bin'), { recursive: true });
      await copyFile(join(REPO, 'tools/cli/bin/so.js'), join(fakeRoot, 'tools/cli/bin/so.js'));
      const exit = await run(join(fakeRoot, 'tools/cli/bin/so.js'), ['--version'], { cwd: fakeRoot });
      expect(exit.code).toBe(2);
      expect(exit.stderr).toMatch(
        /^so: the CLI is not built \(.*dist\/tools\/cli\/src\/main\.js is missing\): run "npm run build"/,
      );
    } finally {
      await rm(fakeRoot, { recursive: true, force: true });
    }
  });
});
