import type { FastifyInstance } from 'fastify';

/**
 * The gateway accepts JSON bodies only: Fastify's text/plain parser is removed (so any other
 * content type gets 415 instead of reaching validation as a string), and an empty JSON body reads
 * as "no body" (so a bare `POST .../cancel` with `Content-Type: application/json` is not a 400).
 * Parse errors keep Fastify's codes (FST_ERR_CTP_*), which the problem+json filter maps to 400/415.
 * Call with the app created with `bodyParser: false` (Nest's own parsers would add urlencoded).
 */
export function useJsonOnlyBodyParsing(instance: FastifyInstance): void {
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    // Fastify's default JSON parser is synchronous and reports through `done`.
    void parseJson(request, text, done);
  });
}
