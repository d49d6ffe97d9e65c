import { Inject, Injectable } from '@nestjs/common';
import { CORRELATION_HEADER, correlationIdOrNew, ERROR_KIND_MAPPING, isDomainException } from '@so/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyAuthenticator } from '../api-key-authenticator.js';
import type { RateLimitDecision } from '@so/shared';
import { RateLimitExceededException } from '../rate-limit/rate-limit-exceeded.exception.js';
import { GATEWAY_AUTH_OPTIONS, type GatewayAuthOptions } from '../auth.options.js';
import { routeAccessOf } from './route-access.decorator.js';
import './fastify-request.augment.js';

const WWW_AUTHENTICATE = 'Bearer realm="security-orchestrator"';

/**
 * API key authentication and rate limiting for every HTTP route, as a Fastify `onRequest` hook
 * rather than a Nest guard, because:
 * - it runs before the body is read and parsed, so unauthenticated or throttled clients cost no
 *   parsing (a guard runs after Fastify parsed up to BODY_LIMIT bytes);
 * - it also covers `/graphql`, which Apollo registers directly on Fastify, where Nest guards never run.
 * Routes are protected unless marked @Public() or listed in `publicPathPrefixes` (docs, probes).
 * Unmatched routes pass through to the 404 handler.
 */
@Injectable()
export class ApiKeyAuthHook {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(GATEWAY_AUTH_OPTIONS) private readonly options: GatewayAuthOptions,
  ) {}

  register(instance: FastifyInstance): void {
    instance.decorateRequest('caller', null);
    instance.addHook('onRequest', (request, reply) => this.onRequest(request, reply));
  }

  async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const route = request.routeOptions.url;
    if (route === undefined) return undefined;
    const access = routeAccessOf(request.routeOptions.config);
    if (access.public || this.options.publicPathPrefixes.some((prefix) => route.startsWith(prefix))) return undefined;
    const isGraphql = route === this.options.graphqlPath;
    // GraphiQL's HTML page runs nothing; the operations it sends carry the key like any other.
    if (isGraphql && request.method === 'GET' && prefersHtml(request)) return undefined;

    const correlationId = String(reply.getHeader(CORRELATION_HEADER) ?? correlationIdOrNew());
    try {
      const { caller, rateLimit } = await this.authenticator.authenticate(request.headers, correlationId, access.scope);
      setRateLimitHeaders(reply, rateLimit);
      request.caller = caller;
      return undefined;
    } catch (error) {
      if (error instanceof RateLimitExceededException) setRateLimitHeaders(reply, error.decision);
      if (isDomainException(error) && error.kind === 'UNAUTHENTICATED') {
        void reply.header(
          'www-authenticate',
          error.code === 'AUTH.INVALID_API_KEY' ? `${WWW_AUTHENTICATE}, error="invalid_token"` : WWW_AUTHENTICATE,
        );
      }
      if (!isGraphql || !isDomainException(error)) throw error;
      // GraphQL clients expect a GraphQL-shaped body; the HTTP status still tells 401/403/429/503 apart.
      const mapping = ERROR_KIND_MAPPING[error.kind];
      if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      return reply
        .code(mapping.http)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ errors: [{ message: error.message, extensions: { code: mapping.graphql, errorCode: error.code } }] });
    }
  }
}

function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision): void {
  void reply.header('ratelimit-limit', String(decision.limit));
  void reply.header('ratelimit-remaining', String(decision.remaining));
  void reply.header('ratelimit-reset', String(decision.resetSeconds));
  void reply.header('ratelimit-policy', `${decision.limit};w=${decision.windowSeconds}`);
}

function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !accept.includes('application/json');
}
