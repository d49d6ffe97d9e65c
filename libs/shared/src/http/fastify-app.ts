import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORRELATION_HEADER, enterCorrelation } from '../logging/correlation.js';

/**
 * The Fastify adapter every service uses: bounded bodies, no Fastify logger (Nest's JSON logger
 * covers it), and a correlation id taken from the request (or minted) and echoed in the response.
 */
export function createFastifyAdapter(bodyLimitBytes = 20 * 1024 * 1024): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: bodyLimitBytes, logger: false, trustProxy: false });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    const id = enterCorrelation(request.headers[CORRELATION_HEADER]);
    void reply.header(CORRELATION_HEADER, id);
    done();
  });
  return adapter;
}
