import type { FastifyInstance, FastifyRequest } from 'fastify';
import { rawBodyRouteOf } from './raw-body-route.js';

/**
 * The gateway accepts JSON bodies only: Fastify's text/plain parser is removed (so any other
 * content type gets 415 instead of reaching validation as a string), and an empty JSON body reads
 * as "no body" (so a bare `POST .../cancel` with `Content-Type: application/json` is not a 400).
 * Parse errors keep Fastify's codes (FST_ERR_CTP_*), which the problem+json filter maps to 400/415.
 * Routes marked with `RawBodyRoute` get the body as the exact bytes received (a Buffer), under
 * their own size limit: signatures over a body are computed on its bytes, which parsing and
 * re-serialising would not reproduce.
 * Call with the app created with `bodyParser: false` (Nest's own parsers would add urlencoded).
 */
export function useJsonOnlyBodyParsing(instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.removeAllContentTypeParsers();
  instance.addHook('onRoute', (route) => {
    const raw = rawBodyRouteOf(route.config);
    if (raw) route.bodyLimit = raw.limitBytes;
  });
  instance.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    if (wantsRawBody(request)) {
      done(null, bytes);
      return;
    }
    const text = bytes.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // Fastify's default JSON parser is synchronous and reports through `done`.
    void parseJson(request, text, done);
  });
}

function wantsRawBody(request: FastifyRequest): boolean {
  return rawBodyRouteOf(request.routeOptions.config) !== undefined;
}
