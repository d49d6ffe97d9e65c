import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { openApiSchema } from './openapi-schema.js';
import { ProblemSchema } from './problem.schema.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (field-level `errors`), malformed JSON',
  401: 'Missing or invalid API key (AUTH.MISSING_CREDENTIALS, AUTH.INVALID_API_KEY)',
  403: 'The API key lacks the scope',
  404: 'Not found',
  409: 'Conflict',
  415: 'Content-Type is not application/json',
  429: 'Rate limit exceeded (Retry-After, RateLimit-* headers)',
  503: 'A backing service is unavailable',
  504: 'A backing service did not answer in time',
};

/** Documents the problem+json error responses of an operation. */
export const ApiProblemResponses = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/problem+json': { schema: openApiSchema(ProblemSchema) } },
      }),
    ),
  );
