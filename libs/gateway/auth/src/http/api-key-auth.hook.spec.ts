import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { VerifyApiKeyUseCase, VerifiedApiKey } from '@so/gateway-identity';
import { isDomainException } from '@so/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import { ApiKeyAuthenticator } from '../api-key-authenticator.js';
import type { GatewayAuthOptions } from '../auth.options.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { RateLimitDecision } from '@so/shared';
import { ApiKeyAuthHook } from './api-key-auth.hook.js';
import './fastify-request.augment.js';

const VALID = 'so_live_0123456789abcdefghijABCDEFGHIJKL';
const READ_ONLY = 'so_live_ReadOnly0123456789abcdefghijklm';
const KEYS: Record<string, VerifiedApiKey> = {
  [VALID]: { keyId: 'key-1', orgId: 'org-1', scopes: ['*'] },
  [READ_ONLY]: { keyId: 'key-2', orgId: 'org-1', scopes: ['analyses:read'] },
};

interface ResponseBody {
  code?: string;
  caller?: unknown;
  errors?: Array<{ message: string; extensions: { code: string; errorCode?: string } }>;
}

describe(ApiKeyAuthHook.name, () => {
  let app: FastifyInstance;
  let decision: RateLimitDecision;
  let verifications: number;
  let baseUrl: string;

  /** fastify.inject (light-my-request) cannot load under Jest's ESM runtime, so requests go over loopback. */
  const inject = async (options: {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    payload?: unknown;
  }) => {
    const response = await fetch(baseUrl + options.url, {
      method: options.method ?? 'GET',
      headers: { ...(options.payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
      body: options.payload ? JSON.stringify(options.payload) : undefined,
    });
    const text = await response.text();
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers),
      json: () => JSON.parse(text) as ResponseBody,
    };
  };

  beforeEach(async () => {
    verifications = 0;
    decision = { allowed: true, limit: 10, remaining: 9, resetSeconds: 60, windowSeconds: 60 };
    const verify = {
      execute: async (key: string) => {
        verifications++;
        return KEYS[key];
      },
    } as unknown as VerifyApiKeyUseCase;
    const limiter: RateLimiter = { consume: async () => decision };
    const options = { graphqlPath: '/graphql', publicPathPrefixes: ['/docs'] } as GatewayAuthOptions;
    app = Fastify();
    new ApiKeyAuthHook(new ApiKeyAuthenticator(verify, limiter), options).register(app);
    // Stands in for Nest's error handler + ProblemJsonFilter: shows which DomainException reached it.
    app.setErrorHandler((error, _request, reply) => {
      if (!isDomainException(error)) return reply.code(500).send({ unexpected: String(error) });
      return reply
        .code(error.kind === 'UNAUTHENTICATED' ? 401 : error.kind === 'PERMISSION_DENIED' ? 403 : 429)
        .send({ code: error.code });
    });
    app.get('/private', (request) => ({ caller: request.caller }));
    app.get('/scoped', { config: { access: { scope: 'webhooks:write' } } }, () => ({ ok: true }));
    app.get('/open', { config: { access: { public: true } } }, (request) => ({ caller: request.caller }));
    app.get('/docs/openapi.json', () => ({ openapi: '3.0.0' }));
    app.post('/graphql', (request) => ({ data: { orgId: request.caller?.identity.orgId } }));
    app.get('/graphql', () => 'page');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterEach(async () => {
    await app.close();
  });

  it('attaches the caller and the RateLimit headers for a valid key', async () => {
    const response = await inject({
      url: '/private',
      headers: { authorization: `Bearer ${VALID}`, 'x-correlation-id': 'c-1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      caller: { identity: { orgId: 'org-1', principalId: 'key-1', scopes: ['*'] }, correlationId: expect.any(String) },
    });
    expect(response.headers).toMatchObject({
      'ratelimit-limit': '10',
      'ratelimit-remaining': '9',
      'ratelimit-reset': '60',
      'ratelimit-policy': '10;w=60',
    });
  });

  it('refuses a missing key with WWW-Authenticate', async () => {
    const response = await inject({ url: '/private' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'AUTH.MISSING_CREDENTIALS' });
    expect(response.headers['www-authenticate']).toBe('Bearer realm="security-orchestrator"');
  });

  it('refuses an unknown key as invalid_token', async () => {
    const response = await inject({ url: '/private', headers: { 'x-api-key': 'so_live_' + 'Z'.repeat(32) } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'AUTH.INVALID_API_KEY' });
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('refuses a key without the route scope', async () => {
    expect((await inject({ url: '/scoped', headers: { 'x-api-key': READ_ONLY } })).statusCode).toBe(403);
    expect((await inject({ url: '/scoped', headers: { 'x-api-key': VALID } })).statusCode).toBe(200);
  });

  it('answers 429 with the RateLimit headers when the quota is used up', async () => {
    decision = { allowed: false, limit: 10, remaining: 0, resetSeconds: 17, windowSeconds: 60 };
    const response = await inject({ url: '/private', headers: { 'x-api-key': VALID } });
    expect(response.statusCode).toBe(429);
    expect(response.json()).toEqual({ code: 'RATE_LIMIT.EXCEEDED' });
    expect(response.headers).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-reset': '17' });
  });

  it('lets public routes, listed prefixes and unknown routes through without looking at keys', async () => {
    expect((await inject({ url: '/open' })).json()).toEqual({ caller: null });
    expect((await inject({ url: '/docs/openapi.json' })).statusCode).toBe(200);
    expect((await inject({ url: '/nowhere' })).statusCode).toBe(404);
    expect(verifications).toBe(0);
  });

  it('answers GraphQL auth failures in GraphQL shape with the HTTP status', async () => {
    const response = await inject({ method: 'POST', url: '/graphql', payload: { query: '{ a }' } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      errors: [
        { message: expect.any(String), extensions: { code: 'UNAUTHENTICATED', errorCode: 'AUTH.MISSING_CREDENTIALS' } },
      ],
    });
    decision = { allowed: false, limit: 10, remaining: 0, resetSeconds: 5, windowSeconds: 60 };
    const limited = await inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ a }' },
      headers: { 'x-api-key': VALID },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('5');
    expect(limited.json().errors?.[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('lets the GraphiQL page (GET text/html) through but not GET operations', async () => {
    const page = await inject({ url: '/graphql', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.statusCode).toBe(200);
    expect(verifications).toBe(0);
    const operation = await inject({ url: '/graphql?query=%7Ba%7D', headers: { accept: 'application/json' } });
    expect(operation.statusCode).toBe(401);
  });
});
