import type http from 'node:http';

const NODE_STACK =
  'Error: Not Found\n    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)\n' +
  '    at next (/app/node_modules/express/lib/router/route.js:137:13)';

/**
 * Everything the live checks look for: no security headers, version headers, CORS that reflects
 * any Origin with credentials, a stack trace on 404 and a SQL error on a malformed query.
 */
export const vulnerableApi: http.RequestListener = (req, res) => {
  res.setHeader('X-Powered-By', 'Express');
  res.setHeader('Server', 'nginx/1.18.0');
  if (req.headers.origin) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(NODE_STACK);
    return;
  }
  if (url.searchParams.has('id')) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'QueryFailedError: syntax error at or near "\'"' }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
};

/** What a well-configured API sends: nothing the live checks should rate medium or worse. */
export const hardenedApi: http.RequestListener = (req, res) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Server', 'api');
  if (req.headers.origin === 'https://app.example') {
    res.setHeader('Access-Control-Allow-Origin', 'https://app.example');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/') {
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end('{"type":"about:blank","title":"Not Found","status":404}');
    return;
  }
  if (url.searchParams.has('id')) {
    res.writeHead(400, { 'content-type': 'application/problem+json' });
    res.end('{"type":"about:blank","title":"Bad Request","status":400,"errorId":"e-1"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
};
