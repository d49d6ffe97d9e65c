import type { PipeTransform } from '@nestjs/common';
import { DomainException, type FieldViolation } from '@so/shared';
import type { z } from 'zod';

/**
 * Validates (and normalises) one request part with a zod schema. Failures become
 * INVALID_ARGUMENT with one violation per problem, so the problem+json body lists every bad field.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    /** Name of the part when it is a single value (a path parameter); body fields use their own path. */
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data as z.infer<S>;
    throw new DomainException(
      'INVALID_ARGUMENT',
      'REQUEST.VALIDATION_FAILED',
      'the request is invalid',
      violationsOf(result.error, this.field),
    );
  }
}

export function violationsOf(error: z.ZodError, field?: string): FieldViolation[] {
  return error.issues.map((issue) => {
    const path = [field, ...issue.path.map(String)].filter((part): part is string => part !== undefined && part !== '');
    return { field: path.length > 0 ? path.join('.') : '(body)', description: issue.message };
  });
}
