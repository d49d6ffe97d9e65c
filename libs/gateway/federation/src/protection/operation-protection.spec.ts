import { describe, expect, it, jest } from '@jest/globals';
import { buildSchema, GraphQLError, parse, validate, type OperationDefinitionNode } from 'graphql';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGatewayErrorFormatter } from './gateway-error.formatter.js';
import { OperationAllowlist } from './operation-allowlist.js';
import { operationCost } from './operation-cost.js';
import { maxDepthRule } from './operation-depth.rule.js';

const schema = buildSchema(`
  type Query { node(id: ID!): Node list(first: Int, last: Int): [Node!]! }
  type Node { id: ID! child: Node children(first: Int): [Node!]! }
`);

/** An operation exactly `depth` fields deep: node > child x (depth - 2) > id. */
const nested = (depth: number) => `{ node(id: "1") { ${'child { '.repeat(depth - 2)}id${' }'.repeat(depth - 1)} }`;

function operationOf(text: string) {
  const document = parse(text);
  return { document, operation: document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode };
}

describe('maxDepthRule', () => {
  it('accepts an operation at the limit and rejects one level deeper with QUERY_TOO_DEEP', () => {
    expect(validate(schema, parse(nested(10)), [maxDepthRule(10)])).toEqual([]);
    const errors = validate(schema, parse(nested(11)), [maxDepthRule(10)]);
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 11, maxDepth: 10 });
  });

  it('follows fragments and ignores introspection fields', () => {
    const text = `query { node(id: "1") { ...A } } fragment A on Node { child { child { child { id } } } }`;
    expect(validate(schema, parse(text), [maxDepthRule(4)])).toHaveLength(1);
    expect(validate(schema, parse(text), [maxDepthRule(5)])).toEqual([]);
    expect(validate(schema, parse('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }'), [maxDepthRule(2)])).toEqual([]);
  });

  it('terminates on fragment cycles (reported by the standard rule)', () => {
    const text = `{ node(id: "1") { ...A } } fragment A on Node { child { ...A } }`;
    expect(validate(schema, parse(text), [maxDepthRule(10)])).toEqual([]);
  });
});

describe('operationCost', () => {
  it('multiplies fields by the page sizes above them, literals and variables alike', () => {
    const { document, operation } = operationOf('query Q($n: Int) { list(first: $n) { id children(first: 10) { id } } }');
    // list 1 + 20 * (id 1 + children 1) + 20 * 10 * id 1
    expect(operationCost(document, operation, { n: 20 }, 100)).toBe(1 + 20 * 2 + 200);
    expect(operationCost(document, operation, {}, 100)).toBe(1 + 2 + 10);
  });

  it('refuses a page above the maximum or negative with PAGE_SIZE_TOO_LARGE', () => {
    const { document, operation } = operationOf('query Q($n: Int) { list(last: $n) { id } }');
    for (const n of [101, -1]) {
      let thrown: unknown;
      try {
        operationCost(document, operation, { n }, 100);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(GraphQLError);
      expect((thrown as GraphQLError).extensions.code).toBe('PAGE_SIZE_TOO_LARGE');
    }
    expect(operationCost(document, operation, { n: 100 }, 100)).toBe(101);
  });
});

describe('OperationAllowlist', () => {
  it('matches documents after normalisation only', () => {
    const allowlist = new OperationAllowlist(['query A { node(id: "1") { id } }']);
    expect(allowlist.allows(parse('query A {\n  node(id: "1") {\n    id,\n  } # comment\n}'))).toBe(true);
    expect(allowlist.allows(parse('query A { node(id: "2") { id } }'))).toBe(false);
  });

  it('reads an Apollo persisted query manifest and refuses a malformed file with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x', body: '{ list { id } }' }] }));
    expect(OperationAllowlist.fromFile(manifest).allows(parse('{list{id}}'))).toBe(true);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ a: 42 }));
    expect(() => OperationAllowlist.fromFile(broken)).toThrow(/GRAPHQL_ALLOWLIST_FILE .*broken\.json: expected/);
    writeFileSync(broken, '["{ list { "]');
    expect(() => OperationAllowlist.fromFile(broken)).toThrow(/GRAPHQL_ALLOWLIST_FILE .*Syntax Error/);
  });
});

describe('createGatewayErrorFormatter', () => {
  const logger = { error: jest.fn(), log: jest.fn(), warn: jest.fn() };
  const format = createGatewayErrorFormatter(logger);

  it('keeps coded errors without private extensions', () => {
    const formatted = format(
      { message: 'not found', path: ['a'], extensions: { code: 'NOT_FOUND', errorCode: 'ANALYSIS.NOT_FOUND', stacktrace: ['at x'], exception: { sql: 'SELECT' } } },
      new GraphQLError('not found'),
    );
    expect(formatted).toEqual({ message: 'not found', path: ['a'], locations: undefined, extensions: { code: 'NOT_FOUND', errorCode: 'ANALYSIS.NOT_FOUND' } });
  });

  it('masks an error without code, or an unmasked internal one, behind a logged errorId', () => {
    for (const extensions of [undefined, { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.ts:1'] }]) {
      logger.error.mockClear();
      const formatted = format({ message: 'connect ECONNREFUSED 10.0.0.5:5432', extensions }, new Error('connect ECONNREFUSED 10.0.0.5:5432'));
      expect(formatted.message).not.toContain('10.0.0.5');
      expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
      expect(logger.error).toHaveBeenCalledTimes(1);
    }
  });

  it('restores the limit code Apollo replaced with GRAPHQL_VALIDATION_FAILED', () => {
    const inner = new GraphQLError('too deep', { extensions: { code: 'QUERY_TOO_DEEP', depth: 12, maxDepth: 10 } });
    const wrapper = new GraphQLError('too deep', { originalError: inner, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const formatted = format({ message: 'too deep', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', depth: 12, maxDepth: 10 } }, wrapper);
    expect(formatted.extensions).toEqual({ code: 'QUERY_TOO_DEEP', depth: 12, maxDepth: 10 });
  });
});
