import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_REPORT_SCHEMA_VERSION, type JsonReport } from '@so/analysis-reports';
import { startHttpServer, type TestHttpServer } from '@so/testing';
import { XMLValidator } from 'fast-xml-parser';
import type { Log } from 'sarif';
import { sarifSchemaErrors } from '@so/testing';
import { fixtureApi } from './__fixtures__/fixture-api.js';
import { runCli } from './cli.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('so scan (in-process, against a local API)', () => {
  let api: TestHttpServer;
  let work: string;

  async function so(...args: string[]): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      cwd: work,
    });
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    const specText = await readFile(join(FIXTURES, 'shop.openapi.yaml'), 'utf8');
    api = await startHttpServer(fixtureApi(specText));
    work = await mkdtemp(join(tmpdir(), 'so-cli-'));
    await mkdir(join(work, 'api'));
    await copyFile(join(FIXTURES, 'shop.openapi.yaml'), join(work, 'api/shop.openapi.yaml'));
  });

  afterAll(async () => {
    await api.close();
    await rm(work, { recursive: true, force: true });
  });

  it('writes SARIF that the official schema accepts, pointing into the spec file, and fails on high', async () => {
    const run = await so(
      'scan',
      'api/shop.openapi.yaml',
      '--target',
      `${api.url}/v1`,
      '--allow',
      '127.0.0.1',
      '--format',
      'sarif',
      '--output',
      'out/results.sarif',
      '-q',
    );
    expect(run.stderr).toMatch(
      /^so: \d+ findings, score \d+\/100; sarif report written to out\/results.sarif\. FAIL: \d+ at or above high\.\n$/,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const log = JSON.parse(await readFile(join(work, 'out/results.sarif'), 'utf8')) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0]!.results!;
    const ruleIds = new Set(results.map((result) => result.ruleId));
    for (const id of [
      'http.cors.origin-reflected-with-credentials',
      'http.auth.unauthenticated-access',
      'spec.auth.write-without-security',
      'http.errors.verbose-error',
    ]) {
      expect(ruleIds).toContain(id);
    }
    for (const result of results) {
      expect(result.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('api/shop.openapi.yaml');
    }
    // The live finding about GET /users/{id} points at that operation's line in the spec (line 23).
    const unauth = results.find((result) => result.ruleId === 'http.auth.unauthenticated-access')!;
    expect(unauth.locations![0]!.physicalLocation!.region!.startLine).toBe(23);
    expect(unauth.properties).toMatchObject({ method: 'GET', url: `${api.url}/v1/users/1` });
  });

  it('prints the text summary to standard output by default', async () => {
    const run = await so(
      'scan',
      'api/shop.openapi.yaml',
      '--target',
      `${api.url}/v1`,
      '--allow',
      '127.0.0.1',
      '--fail-on',
      'critical',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Target:     ${api.url}/v1`);
    expect(run.stdout).toContain('Spec:       api/shop.openapi.yaml');
    expect(run.stdout).toMatch(/HIGH +API8:2023 +CORS reflects an arbitrary Origin/);
    expect(run.stdout).toContain('PASS: no findings at or above critical');
    expect(run.stderr).toContain('so: probing');
  });

  it('writes JUnit, JSON and HTML reports chosen by the output extension', async () => {
    const base = [
      'scan',
      'api/shop.openapi.yaml',
      '--target',
      `${api.url}/v1`,
      '--allow',
      '127.0.0.1',
      '-q',
      '--fail-on',
      'none',
    ];
    expect((await so(...base, '-o', 'report.xml')).code).toBe(0);
    const xml = await readFile(join(work, 'report.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('failures="0"');
    expect(xml).toContain('classname="http.auth.unauthenticated-access" name="GET /users/{id}"');

    expect((await so(...base, '-o', 'report.json')).code).toBe(0);
    const json = JSON.parse(await readFile(join(work, 'report.json'), 'utf8')) as JsonReport;
    expect(json.schemaVersion).toBe(JSON_REPORT_SCHEMA_VERSION);
    expect(json.analysis.specPath).toBe('api/shop.openapi.yaml');
    expect(json.summary.total).toBe(json.findings.length);
    expect(json.summary.operationsDeclared).toBe(2);

    expect((await so(...base, '-o', 'report.html')).code).toBe(0);
    const html = await readFile(join(work, 'report.html'), 'utf8');
    // The API's error page carried a <script>; the report shows it as text.
    expect(html).toContain('&lt;script&gt;alert(document.domain)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
  });

  it('loads the spec from a URL only through the target policy', async () => {
    const refused = await so('scan', `${api.url}/openapi.yaml`, '-q');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^so: target http:\/\/127\.0\.0\.1:\d+ is not allowed: 127\.0\.0\.1 resolves to 127\.0\.0\.1 \(loopback\)/,
    );
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const allowed = await so(
      'scan',
      `${api.url}/moved`,
      '--allow',
      '127.0.0.0/8',
      '-q',
      '--format',
      'json',
      '--fail-on',
      'none',
    );
    expect(allowed.code).toBe(0);
    const report = JSON.parse(allowed.stdout) as JsonReport;
    expect(report.analysis.specPath).toBe(`${api.url}/moved`);
    expect(report.findings.some((finding) => finding.ruleId === 'spec.auth.write-without-security')).toBe(true);

    const missing = await so('scan', `${api.url}/nope.yaml`, '--allow', '127.0.0.1', '-q');
    expect(missing).toMatchObject({
      code: 2,
      stderr: `so: cannot fetch spec ${api.url}/nope.yaml: the server answered 404 Not Found\n`,
    });
  });

  it('refuses a private target without --allow, before scanning', async () => {
    const run = await so('scan', 'api/shop.openapi.yaml', '--target', api.url, '-q');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not allowed: .*add the host or a CIDR/);
  });

  it('says what changed since a baseline report', async () => {
    const base = [
      'scan',
      'api/shop.openapi.yaml',
      '--target',
      `${api.url}/v1`,
      '--allow',
      '127.0.0.1',
      '-q',
      '--fail-on',
      'none',
    ];
    await so(...base, '--format', 'json', '-o', 'baseline.json');
    const baseline = JSON.parse(await readFile(join(work, 'baseline.json'), 'utf8')) as JsonReport;
    const fixedOne = {
      ...baseline,
      findings: [
        ...baseline.findings.slice(1),
        { ...baseline.findings[0]!, fingerprint: 'f'.repeat(64), title: 'An old flaw' },
      ],
    };
    await writeFile(join(work, 'older.json'), JSON.stringify(fixedOne));
    const run = await so(...base, '--baseline', 'older.json');
    expect(run.stdout).toContain(`Since the baseline: 1 new, 1 fixed, ${baseline.findings.length - 1} remaining`);
    expect(run.stdout).toContain('An old flaw');
  });

  it.each([
    [['scan', 'api/shop.openapi.yaml', '--bogus'], /^so: Unknown option '--bogus' \(see so --help\)\n$/],
    [
      ['scan', 'api/shop.openapi.yaml', '--format', 'pdf'],
      /unknown --format "pdf": use one of sarif, json, junit, html, text/,
    ],
    [['scan', 'api/shop.openapi.yaml', '--fail-on', 'severe'], /unknown --fail-on "severe"/],
    [['scan', 'api/shop.openapi.yaml', '--allow', '10.0.0.0/40'], /--allow "10.0.0.0\/40" is neither/],
    [['scan', 'api/shop.openapi.yaml', '--timeout', 'soon'], /--timeout must be a whole number/],
    [['scan', 'missing.yaml'], /^so: cannot read spec missing\.yaml: no such file\n$/],
    [['scan', 'api'], /^so: cannot read spec api: not a file\n$/],
    [['scan'], /nothing to scan/],
    [['scan', '--target', 'ftp://x'], /--target must be an http or https URL/],
    [['audit', 'x'], /unknown command "audit"/],
    [[], /missing command/],
    [['scan', 'api/shop.openapi.yaml', '--baseline', 'api/shop.openapi.yaml'], /--baseline .*not a JSON report/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const run = await so(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('exits 2 for a spec that is not OpenAPI, with the engine message', async () => {
    await writeFile(join(work, 'broken.yaml'), 'openapi: 3.0.0\npaths: [\n');
    const run = await so('scan', 'broken.yaml', '-q');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^so: .*line \d+/);
  });

  it('prints usage and version', async () => {
    expect(await so('--help')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: so scan <spec-file-or-url>'),
    });
    expect(await so('--version')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });
});
