import { DomainException } from '../errors/domain.exception.js';
import { GraphQLError } from 'graphql';
import { createGraphqlErrorFormatter } from './graphql-error.formatter.js';

describe(createGraphqlErrorFormatter.name, () => {
  const logged: Array<[string, unknown]> = [];
  const format = createGraphqlErrorFormatter((errorId, error) => logged.push([errorId, error]));

  beforeEach(() => {
    logged.length = 0;
  });

  it('maps a domain error to its GraphQL code and keeps its message', () => {
    const error = new GraphQLError('x', {
      originalError: new DomainException('NOT_FOUND', 'ANALYSIS.NOT_FOUND', 'analysis 1 not found'),
      path: ['securityAnalysis'],
    });
    expect(format({ message: 'x', path: ['securityAnalysis'] }, error)).toEqual({
      message: 'analysis 1 not found',
      path: ['securityAnalysis'],
      extensions: { code: 'NOT_FOUND', errorCode: 'ANALYSIS.NOT_FOUND' },
    });
  });

  it('keeps request errors raised by the server itself', () => {
    const formatted = format(
      { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['...'] } },
      new GraphQLError('Cannot query field "x"'),
    );
    expect(formatted).toEqual({ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it('hides unknown errors behind an errorId and logs them', () => {
    const crash = new Error('relation "analysis.analyses" does not exist');
    const formatted = format(
      { message: crash.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new GraphQLError(crash.message, { originalError: crash }),
    );
    expect(formatted.message).not.toContain('relation');
    expect(formatted.extensions?.['code']).toBe('INTERNAL_SERVER_ERROR');
    expect(logged).toEqual([[formatted.extensions?.['errorId'], crash]]);
  });

  it('keeps the code of a GraphQLError a resolver raised on purpose, and the violations of a domain error', () => {
    const forbidden = new GraphQLError('needs analyses:write', { extensions: { code: 'FORBIDDEN' } });
    expect(format({ message: forbidden.message, extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } }, forbidden)).toEqual({
      message: 'needs analyses:write',
      extensions: { code: 'FORBIDDEN' },
    });
    const invalid = new DomainException('INVALID_ARGUMENT', 'REQUEST.VALIDATION_FAILED', 'bad', [{ field: 'first', description: 'at most 100' }]);
    expect(format({ message: 'bad' }, new GraphQLError('bad', { originalError: invalid, path: ['projectAnalyses'] })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      errorCode: 'REQUEST.VALIDATION_FAILED',
      violations: [{ field: 'first', description: 'at most 100' }],
    });
  });

  it('hides a plain error even when something dressed it with a code', () => {
    const crash = new TypeError("Cannot read properties of undefined (reading 'orgId')");
    const formatted = format({ message: crash.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, crash);
    expect(formatted.message).toMatch(/^internal error \(errorId /);
    expect(logged).toHaveLength(1);
  });
});
