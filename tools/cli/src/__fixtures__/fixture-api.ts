import type { RequestListener } from 'node:http';

/**
 * A deliberately weak API for the CLI tests: reflects any Origin with credentials, sends no security
 * headers, discloses its framework, leaks a stack trace (with markup in it) on unknown paths and
 * serves the secured `GET /v1/users/{id}` without credentials. It also serves the spec itself.
 */
export function fixtureApi(specText: string): RequestListener {
  return (req, res) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
    }
    res.setHeader('x-powered-by', 'Express/4.17.1');
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/openapi.yaml') {
      res.writeHead(200, { 'content-type': 'application/yaml' }).end(specText);
    } else if (path === '/moved') {
      res.writeHead(302, { location: '/openapi.yaml' }).end();
    } else if (path === '/v1' || path === '/') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"service":"shop"}');
    } else if (req.method === 'GET' && /^\/v1\/users\/[^/]+$/.test(path ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1,"name":"<script>alert(1)</script>"}');
    } else {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(
          'Error: Not Found <script>alert(document.domain)</script>\n    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)\n    at next (/app/node_modules/express/lib/router/route.js:137:13)',
        );
    }
  };
}
