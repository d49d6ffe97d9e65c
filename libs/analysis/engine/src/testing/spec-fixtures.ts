/**
 * An OpenAPI 3.0 document that trips most static rules once (line numbers matter to the tests); the
 * security-scheme and Retry-After rules have their own small documents in their tests.
 */
export const VULNERABLE_SPEC_YAML = `openapi: 3.0.3
info:
  title: Shop
  version: '1'
servers:
  - url: http://api.shop.example/v1
security:
  - bearer: []
paths:
  /users:
    post:
      operationId: signupUser
      security: []
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewUser'
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/User'
      callbacks:
        onVerified:
          '{$request.body#/callbackUrl}':
            post:
              responses:
                '200':
                  description: ok
  /users/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema:
          type: integer
    get:
      responses:
        '200':
          description: user
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/User'
  /admin/users:
    get:
      security: []
      parameters:
        - name: api_key
          in: query
          schema:
            type: string
      responses:
        '200':
          description: all users
  /tree:
    get:
      responses:
        '200':
          description: recursive
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Node'
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
    queryKey:
      type: apiKey
      in: query
      name: key
  schemas:
    NewUser:
      type: object
      properties:
        email:
          type: string
          format: email
        role:
          type: string
        tags:
          type: array
          items:
            type: string
            maxLength: 20
        age:
          type: integer
        callbackUrl:
          type: string
          format: uri
    User:
      type: object
      properties:
        id:
          type: integer
        email:
          type: string
        passwordHash:
          type: string
    Node:
      type: object
      properties:
        children:
          type: array
          items:
            $ref: '#/components/schemas/Node'
`;

/** The same kind of API done right: no static rule should fire. */
const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const RETRY_AFTER = { 'Retry-After': { schema: { type: 'integer', format: 'int32' } } };
export const HARDENED_SPEC_JSON = JSON.stringify({
  openapi: '3.1.0',
  info: { title: 'Shop', version: '1' },
  servers: [{ url: 'https://api.shop.example/v1', description: 'Production', 'x-internal': false }],
  security: [{ bearer: [] }],
  paths: {
    '/users/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: {
          '200': {
            description: 'user',
            headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string', const: 'https://shop.example' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/User' } } },
          },
          '400': { description: 'bad id', ...PROBLEM },
          '401': { description: 'no credentials' },
          '403': { description: 'not yours' },
          '429': { description: 'slow down', headers: RETRY_AFTER },
          '500': { description: 'failed', ...PROBLEM },
        },
      },
      patch: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                properties: {
                  name: { type: 'string', maxLength: 100, pattern: '^[^<>]*$' },
                  nicknames: {
                    type: 'array',
                    maxItems: 5,
                    items: { type: 'string', maxLength: 30, pattern: '^[\\p{L} ]+$' },
                  },
                  age: { type: 'integer', minimum: 0, maximum: 150 },
                  avatarUrl: { type: 'string', maxLength: 200, pattern: '^https://cdn\\.shop\\.example/' },
                },
              },
            },
          },
        },
        responses: {
          '204': { description: 'updated' },
          '400': { description: 'invalid', ...PROBLEM },
          '401': { description: 'no' },
          '429': { description: 'slow', headers: RETRY_AFTER },
          '500': { description: 'failed', ...PROBLEM },
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      User: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } } },
      Problem: { type: 'object', properties: { title: { type: 'string' }, status: { type: 'integer' } } },
    },
  },
});

/** Swagger 2 in JSON, with a write operation open to anyone. */
export const SWAGGER2_SPEC_JSON = JSON.stringify({
  swagger: '2.0',
  info: { title: 'Legacy', version: '1' },
  host: 'legacy.example',
  basePath: '/api',
  schemes: ['http'],
  securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
  paths: {
    '/orders/{orderId}': {
      delete: {
        parameters: [{ name: 'orderId', in: 'path', required: true, type: 'integer' }],
        responses: { '204': { description: 'gone' } },
      },
    },
    '/orders': {
      post: {
        parameters: [{ name: 'body', in: 'body', schema: { $ref: '#/definitions/Order' } }],
        responses: { '201': { description: 'created' } },
      },
    },
  },
  definitions: {
    Order: { type: 'object', properties: { owner: { type: 'string' }, webhookUrl: { type: 'string' } } },
  },
});
