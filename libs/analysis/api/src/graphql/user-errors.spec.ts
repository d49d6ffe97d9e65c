import { DomainException } from '@so/shared';
import { withUserErrors } from './user-errors.js';

describe(withUserErrors.name, () => {
  it('passes the value through when the use case succeeds', async () => {
    await expect(withUserErrors(async () => 42)).resolves.toEqual({ value: 42, userErrors: [] });
  });

  it('turns each field violation into a user error with the input path in camelCase', async () => {
    const error = new DomainException('INVALID_ARGUMENT', 'ANALYSIS.INVALID_REQUEST', 'invalid', [
      { field: 'project_id', description: 'is required' },
      { field: 'config.vulnerability_types[1]', description: 'bad type' },
    ]);
    await expect(withUserErrors(() => Promise.reject(error))).resolves.toEqual({
      value: null,
      userErrors: [
        { field: 'projectId', message: 'is required', code: 'ANALYSIS.INVALID_REQUEST' },
        { field: 'config.vulnerabilityTypes[1]', message: 'bad type', code: 'ANALYSIS.INVALID_REQUEST' },
      ],
    });
  });

  it('reports a state problem without a field', async () => {
    const error = new DomainException('FAILED_PRECONDITION', 'ANALYSIS.ALREADY_FINISHED', 'already completed');
    await expect(withUserErrors(() => Promise.reject(error))).resolves.toEqual({
      value: null,
      userErrors: [{ field: null, message: 'already completed', code: 'ANALYSIS.ALREADY_FINISHED' }],
    });
  });

  it('keeps platform failures and unknown errors as errors', async () => {
    const unavailable = new DomainException('UNAVAILABLE', 'ANALYSIS.QUEUE_UNAVAILABLE', 'queue down');
    await expect(withUserErrors(() => Promise.reject(unavailable))).rejects.toBe(unavailable);
    const crash = new Error('boom');
    await expect(withUserErrors(() => Promise.reject(crash))).rejects.toBe(crash);
  });
});
