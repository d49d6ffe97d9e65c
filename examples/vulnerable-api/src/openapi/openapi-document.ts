import { buildSchemas } from './openapi-schemas.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: Json): Json => ({ description, ...json(schema) });
const list = (name: string): Json => ({ type: 'array', items: ref(name) });

/**
 * Builds the Shop API's OpenAPI 3.0 document. Both builds serve the same paths and operations;
 * the hardened one also declares what it enforces (bounds, patterns, 401/403/429, closed objects,
 * a signature scheme for the carrier callback). `openapi.json` / `openapi.hardened.json` in the
 * example folder are this function's output (a test keeps them in sync).
 */
export function buildOpenApiDocument(hardened: boolean): Json {
  const error = (description: string): Json => ({
    description,
    content: { [hardened ? 'application/problem+json' : 'application/json']: { schema: ref('Error') } },
  });
  const tooMany: Json = {
    ...error('rate limited'),
    headers: { 'Retry-After': { schema: { type: 'integer', minimum: 1, maximum: 3600 } } },
  };
  /** Responses every operation of the hardened build documents; the vulnerable one documents none. */
  const guard = (secured: boolean): Json =>
    hardened
      ? {
          '400': error('invalid request'),
          ...(secured ? { '401': error('missing or invalid token'), '403': error('not allowed') } : {}),
          '429': tooMany,
        }
      : {};
  const op = (operationId: string, responses: Json, extra: Json = {}, secured = true): Json => ({
    operationId,
    ...(secured ? {} : { security: [] }),
    ...extra,
    responses: { ...responses, ...guard(secured) },
  });
  const intPath = (name: string): Json => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'integer', ...(hardened ? { minimum: 1, maximum: 1_000_000_000 } : {}) },
    example: 1,
  });
  const limit: Json = {
    name: 'limit',
    in: 'query',
    schema: hardened ? { type: 'integer', minimum: 1, maximum: 50, default: 20 } : { type: 'integer', default: 20 },
  };
  const body = (name: string): Json => ({ requestBody: { required: true, ...json(ref(name)) } });

  return {
    openapi: '3.0.3',
    info: {
      title: hardened ? 'Shop API (hardened)' : 'Shop API (deliberately vulnerable)',
      version: '2.0.0',
      description: 'Ground-truth target for SecurityOrchestrator; see examples/vulnerable-api/manifest.json.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/': { get: op('serviceInfo', { '200': ok('service info', ref('ServiceInfo')) }, {}, false) },
      '/health': { get: op('health', { '200': ok('up', ref('Health')) }, {}, false) },
      '/openapi.json': { get: op('openApiDocument', { '200': ok('this document', { type: 'object' }) }, {}, false) },
      '/auth/login': {
        post: op(
          'login',
          { '200': ok('token', ref('Token')), '401': error('bad credentials') },
          body('Credentials'),
          false,
        ),
      },
      '/auth/signup': {
        post: op('signup', { '201': ok('account', ref('Account')), '409': error('taken') }, body('NewAccount'), false),
      },
      '/auth/password-reset': {
        post: op('requestPasswordReset', { '202': ok('sent', ref('Accepted')) }, body('PasswordResetRequest'), false),
      },
      '/users/me': {
        get: op('getMe', { '200': ok('the caller', ref('User')) }),
        patch: op('updateMe', { '200': ok('updated', ref('User')) }, body('UserUpdate')),
      },
      '/users/{id}/orders': {
        get: op('listUserOrders', { '200': ok('orders of the user', list('Order')) }, { parameters: [intPath('id')] }),
      },
      '/orders': {
        get: op(
          'listMyOrders',
          { '200': ok('my orders', list('Order')) },
          {
            parameters: hardened
              ? [limit]
              : [
                  limit,
                  { name: 'access_token', in: 'query', description: 'token for links', schema: { type: 'string' } },
                ],
          },
        ),
        post: op(
          'createOrder',
          { '201': ok('created', ref('Order')), '404': error('no such product') },
          body('NewOrder'),
        ),
      },
      '/orders/{orderId}': {
        get: op(
          'getOrder',
          { '200': ok('order', ref('Order')), '404': error('not found') },
          { parameters: [intPath('orderId')] },
        ),
        delete: op(
          'deleteOrder',
          { '204': { description: 'deleted' }, '404': error('not found') },
          { parameters: [intPath('orderId')] },
        ),
      },
      '/products': {
        get: op(
          'listProducts',
          { '200': ok('a page of products', list('Product')) },
          {
            parameters: [
              limit,
              {
                name: 'offset',
                in: 'query',
                schema: { type: 'integer', ...(hardened ? { minimum: 0, maximum: 100_000 } : {}) },
              },
            ],
          },
          false,
        ),
      },
      '/products/search': {
        get: op(
          'searchProducts',
          { '200': ok('matches', list('Product')) },
          {
            parameters: [
              {
                name: 'q',
                in: 'query',
                required: true,
                schema: { type: 'string', ...(hardened ? { maxLength: 100 } : {}) },
                example: 'Product',
              },
            ],
          },
          false,
        ),
      },
      '/products/{productId}': {
        get: op(
          'getProduct',
          { '200': ok('product', ref('Product')), '404': error('not found') },
          { parameters: [intPath('productId')] },
          false,
        ),
      },
      '/admin/users': { get: op('adminListUsers', { '200': ok('all users', list('User')) }, { tags: ['admin'] }) },
      '/webhooks/test': {
        post: op(
          'testWebhook',
          { '200': ok('delivered', ref('WebhookResult')), '202': ok('queued', ref('WebhookResult')) },
          body('WebhookTest'),
        ),
      },
      '/images/proxy': {
        get: op(
          'proxyImage',
          {
            '200': {
              description: 'the image',
              content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
            },
          },
          {
            parameters: [
              {
                name: 'url',
                in: 'query',
                required: true,
                schema: hardened
                  ? { type: 'string', maxLength: 2048, pattern: '^https://images\\.shop\\.example/' }
                  : { type: 'string', format: 'uri' },
                example: 'https://images.shop.example/lamp.png',
              },
            ],
          },
        ),
      },
      '/integrations/shipping/callback': {
        post: {
          ...op(
            'shippingCallback',
            { '202': ok('accepted', ref('Accepted')) },
            body('ShippingEvent'),
            !hardened ? false : true,
          ),
          ...(hardened ? { security: [{ shippingSignature: [] }] } : {}),
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        ...(hardened
          ? {
              shippingSignature: {
                type: 'apiKey',
                in: 'header',
                name: 'X-Shipping-Signature',
                description: 'hex HMAC-SHA256 of the body',
              },
            }
          : {}),
      },
      schemas: buildSchemas(hardened),
    },
  };
}
