import { ResolvedCredentials } from '../../http/credentials.js';
import { maskSecretValues, redactCredential } from '../../http/evidence.js';
import { InvalidOptionsError } from '../../errors/engine.errors.js';
import { buildRequest } from '../../spec/request-builder.js';
import { loadSpec } from '../../spec/spec-loader.js';
import { findSecrets } from './data-exposure.rule.js';
import { crackHmacSecret, decodeJwt, maskSecret, signJwt, tamperedJwt, unsignedJwt } from './jwt-token.js';
import { harvestIds, resourceName, resourceOfParam } from './object-ids.js';
import type { Observation } from './observations.js';

describe(ResolvedCredentials.name, () => {
  it('sends a bare token as a bearer credential and keeps full header values as given', () => {
    const creds = new ResolvedCredentials({ primary: 'abc', secondary: 'Basic dTpw' });
    expect(creds.headers('primary')).toEqual({ authorization: 'Bearer abc' });
    expect(creds.headers('secondary')).toEqual({ authorization: 'Basic dTpw' });
    expect(creds.headers('anonymous')).toEqual({});
    expect(creds.bearerToken('primary')).toBe('abc');
  });

  it('uses secondary, then primary, as the low-privilege account', () => {
    expect(new ResolvedCredentials({ primary: 'p', secondary: 's' }).headers('lowPrivilege')).toEqual({
      authorization: 'Bearer s',
    });
    expect(new ResolvedCredentials({ primary: 'p' }).headers('lowPrivilege')).toEqual({ authorization: 'Bearer p' });
    expect(new ResolvedCredentials(undefined).has('primary')).toBe(false);
  });

  it('puts credentials in a custom header as they are', () => {
    expect(new ResolvedCredentials({ primary: 'k1', headerName: 'X-API-Key' }).headers('primary')).toEqual({
      'x-api-key': 'k1',
    });
  });

  it('refuses credentials that would inject headers', () => {
    expect(() => new ResolvedCredentials({ primary: 'a\r\nx-evil: 1' })).toThrow(InvalidOptionsError);
    expect(() => new ResolvedCredentials({ primary: 'a', headerName: 'bad header' })).toThrow(InvalidOptionsError);
  });
});

describe('redactCredential', () => {
  it('keeps a JWT header and claims but not its signature, and 6 characters of anything else', () => {
    expect(redactCredential('Bearer aaa.bbb.sig')).toBe('Bearer aaa.bbb.[signature redacted]');
    expect(redactCredential('Bearer aaa.bbb.')).toBe('Bearer aaa.bbb.');
    expect(redactCredential('sk_live_1234567890')).toBe('sk_liv…[redacted]');
    expect(redactCredential('Bearer abc')).toBe('Bearer [redacted]');
  });
});

describe('maskSecretValues', () => {
  it('masks secret-named JSON string values and leaves the rest', () => {
    expect(
      maskSecretValues('{"id":1,"passwordHash":"scrypt$ab$cd","api_key": "sk_live_x","name":"Bob","token":"t"}'),
    ).toBe(
      '{"id":1,"passwordHash":"scry…[12 chars redacted]","api_key": "sk_l…[9 chars redacted]","name":"Bob","token":"t"}',
    );
  });
});

describe('JWT helpers', () => {
  const token = signJwt({ alg: 'HS256', typ: 'JWT' }, { sub: '1', exp: 2_000_000_000 }, 'changeme');

  it('finds a default HMAC key offline and not a random one', () => {
    const decoded = decodeJwt(token)!;
    expect(crackHmacSecret(decoded)).toBe('changeme');
    expect(crackHmacSecret(decodeJwt(signJwt({ alg: 'HS256' }, { sub: '1' }, 'x9!Lq2#vR7p@Zt4m'))!)).toBeUndefined();
    expect(maskSecret('changeme')).toBe('ch****me');
  });

  it('builds unsigned and tampered variants of a token', () => {
    const decoded = decodeJwt(token)!;
    const none = decodeJwt(unsignedJwt(decoded.header, decoded.payload, 'none'))!;
    expect(none).toMatchObject({ header: { alg: 'none' }, payload: { sub: '1' }, signature: '' });
    const tampered = decodeJwt(tamperedJwt(decoded))!;
    expect(tampered.payload).toMatchObject({ sub: '1', so_probe: 1 });
    expect(tampered.signature).toBe(decoded.signature);
    expect(decodeJwt('not.a.jwt')).toBeUndefined();
  });
});

describe('object ids', () => {
  it('maps parameters and paths to resources', async () => {
    expect(resourceName('orders')).toBe('order');
    expect(resourceName('userId')).toBe('user');
    expect(resourceName('categories')).toBe('category');
    const spec = await loadSpec(
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: { '/users/{id}/orders': { get: { responses: { '200': { description: 'ok' } } } } },
      }),
    );
    expect(resourceOfParam(spec.operations[0]!, 'id')).toBe('user');
    expect(resourceOfParam(spec.operations[0]!, 'orderId')).toBe('order');
  });

  it('harvests ids from own responses: objects of the path, nested collections and *Id fields', () => {
    const observation = (path: string, json: unknown): Observation =>
      ({
        operation: { path },
        exchange: { response: { status: 200 } },
        json,
      }) as unknown as Observation;
    const ids = harvestIds([
      observation('/users/me', { id: 7, team: { id: 'T1' } }),
      observation('/orders', { data: [{ id: 11, customerId: 7 }, { id: 12 }] }),
    ]);
    expect([...(ids.get('user') ?? [])]).toEqual(['7']);
    expect([...(ids.get('order') ?? [])]).toEqual(['11', '12']);
    expect([...(ids.get('customer') ?? [])]).toEqual(['7']);
    expect([...(ids.get('team') ?? [])]).toEqual(['T1']);
  });
});

describe('findSecrets', () => {
  it('finds secrets by name and by shape, and tokens only outside token-issuing operations', () => {
    const body = {
      id: 1,
      passwordHash: 'scrypt$aa$bb',
      profile: { note: '$2b$10$abcdefghijklmnopqrstuuOyKpDq7Yo6m2bq1oYB4yJ3C9Oa1bZqS' },
      token: 'abcd1234',
      password: { type: 'string' },
    };
    expect(findSecrets(body, false).map((l) => l.key)).toEqual(['passwordHash', 'note', 'token']);
    expect(findSecrets(body, true).map((l) => l.key)).toEqual(['passwordHash', 'note']);
  });
});

describe('buildRequest', () => {
  it('fills path, required query and body from examples and types, then applies overrides', async () => {
    const spec = await loadSpec(
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/things/{thingId}': {
            post: {
              parameters: [
                { name: 'thingId', in: 'path', required: true, schema: { type: 'integer' }, example: 5 },
                { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
                { name: 'opt', in: 'query', schema: { type: 'string' } },
              ],
              requestBody: {
                content: {
                  'application/json': {
                    schema: {
                      type: 'object',
                      properties: {
                        email: { type: 'string', format: 'email' },
                        count: { type: 'integer', minimum: 3 },
                        id: { type: 'integer', readOnly: true },
                        name: { type: 'string', example: 'lamp' },
                      },
                    },
                  },
                },
              },
              responses: { '200': { description: 'ok' } },
            },
          },
        },
      }),
    );
    const [operation] = spec.operations;
    const request = buildRequest(spec, operation!, '/api', { query: { opt: 'x y' }, body: { name: "o'" } });
    expect(request).toMatchObject({ method: 'POST', path: '/api/things/5?q=test&opt=x%20y' });
    expect(JSON.parse(request.body!)).toEqual({ email: 'so-probe@example.com', count: 3, name: "o'" });
  });
});
