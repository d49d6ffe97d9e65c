import type http from 'node:http';

/** How the fixture API treats bearer tokens. */
export type TokenPolicy = 'any-token' | 'decode-without-verifying';

/** A spec for the token fixture: `GET /me` needs a bearer token, `POST /login` is open. */
export const TOKEN_FIXTURE_SPEC = JSON.stringify({
  openapi: '3.0.3',
  info: { title: 'fixture', version: '1' },
  security: [{ bearer: [] }],
  paths: {
    '/me': { get: { responses: { '200': { description: 'me' }, '401': { description: 'no' } } } },
    '/login': {
      post: {
        security: [],
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', properties: { username: { type: 'string' }, password: { type: 'string' } } },
            },
          },
        },
        responses: { '200': { description: 'ok' }, '401': { description: 'no' } },
      },
    },
  },
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
});

/**
 * Token handling gone wrong in the two ways the vulnerable Shop API does not show: any token
 * passes, or JWTs are decoded but never verified. `POST /login` passes objects to a fake Mongo
 * query and leaks its error (NoSQL injection).
 */
export function tokenFixture(policy: TokenPolicy): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (url.pathname === '/login' && req.method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        if (typeof body['username'] === 'object')
          return json(500, { error: 'MongoServerError: unknown operator: $ne' });
        return json(401, { error: 'bad credentials' });
      }
      if (url.pathname !== '/me') return json(404, { error: 'not found' });
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return json(401, { error: 'no token' });
      if (policy === 'decode-without-verifying') {
        const [head, payload] = token.split('.');
        try {
          const header = JSON.parse(Buffer.from(head ?? '', 'base64url').toString()) as { alg?: string };
          const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { sub?: string };
          if (header.alg !== 'HS256') return json(401, { error: 'alg' });
          return json(200, { id: claims.sub });
        } catch {
          return json(401, { error: 'malformed' });
        }
      }
      return json(200, { id: 'someone' });
    });
  };
}
