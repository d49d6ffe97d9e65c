import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainException } from '@so/shared';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedCaller } from './authenticated-caller.js';
import './fastify-request.augment.js';

/** The authenticated caller of a route that is not @Public(). */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedCaller => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  // Only reachable if a route is wrongly marked public while reading the caller.
  if (!caller)
    throw new DomainException('UNAUTHENTICATED', 'AUTH.MISSING_CREDENTIALS', 'this route requires an API key');
  return caller;
});
