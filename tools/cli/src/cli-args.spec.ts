import { parseCliArgs } from './cli-args.js';
import { CliUsageError } from './cli-errors.js';

describe('parseCliArgs', () => {
  it('fills defaults for a plain scan', () => {
    expect(parseCliArgs(['scan', 'openapi.yaml'])).toEqual({
      kind: 'scan',
      options: {
        spec: 'openapi.yaml',
        format: 'text',
        failOn: 'high',
        deep: false,
        allow: [],
        timeoutSeconds: 300,
        maxDepth: 10,
        quiet: false,
      },
    });
  });

  it('reads every flag', () => {
    const command = parseCliArgs([
      'scan',
      'https://api.example.com/openapi.json',
      '--target',
      'https://api.example.com',
      '--format',
      'SARIF',
      '--output',
      'r.sarif',
      '--fail-on',
      'Medium',
      '--deep',
      '--allow',
      '10.0.0.0/8,lab.internal',
      '--allow',
      '::1',
      '--baseline',
      'old.json',
      '--sarif-anchor',
      'openapi.yaml',
      '--timeout',
      '60',
      '--max-depth',
      '0',
      '-q',
    ]);
    expect(command).toEqual({
      kind: 'scan',
      options: {
        spec: 'https://api.example.com/openapi.json',
        target: 'https://api.example.com',
        format: 'sarif',
        output: 'r.sarif',
        failOn: 'medium',
        deep: true,
        allow: ['10.0.0.0/8', 'lab.internal', '::1'],
        baseline: 'old.json',
        sarifAnchor: 'openapi.yaml',
        timeoutSeconds: 60,
        maxDepth: 0,
        quiet: true,
      },
    });
  });

  it('takes the format from the output file name unless --format says otherwise', () => {
    const format = (args: string[]): string | undefined => {
      const command = parseCliArgs(['scan', 'x.yaml', ...args]);
      return command.kind === 'scan' ? command.options.format : undefined;
    };
    expect(format(['-o', 'out/junit.xml'])).toBe('junit');
    expect(format(['-o', 'report.html'])).toBe('html');
    expect(format(['-o', 'report.unknown'])).toBe('text');
    expect(format(['-o', 'report.html', '-f', 'json'])).toBe('json');
  });

  it('allows a target-only scan and answers help and version', () => {
    expect(parseCliArgs(['scan', '--target', 'http://127.0.0.1:8080'])).toMatchObject({
      options: { target: 'http://127.0.0.1:8080' },
    });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['scan', '-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['scan', 'a.yaml', 'b.yaml'], /one spec file or URL, got 2/],
    [['scan', 'a.yaml', '--allow', 'fd00::/129'], /--allow "fd00::\/129"/],
    [['scan', 'a.yaml', '--allow', 'lab/internal'], /--allow "lab\/internal"/],
    [['scan', 'a.yaml', '--max-depth', '-1'], /--max-depth/],
    [['scan', 'a.yaml', '--deep=yes'], /--deep/],
  ])('refuses %j', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(CliUsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});
