import type { FastifyInstance } from 'fastify';

/** API versions this gateway serves, each under its own path prefix (`/api/v1/...`). */
export const SUPPORTED_API_VERSIONS: readonly string[] = ['1'];

const VERSIONED_PATH = /^\/api\/v(\d+)(?=[/?]|$)/;
/** `1`, `v1`, `1.0`, `1.x`: the major version is what a path names. */
const ACCEPT_VERSION = /^v?(\d{1,4})(?:\.(?:\d{1,4}|x))?$/i;

/** The major version a client's `Accept-Version` asks for, or undefined when it names none we can read. */
export function requestedMajorVersion(header: string): string | undefined {
  const match = ACCEPT_VERSION.exec(header.trim());
  return match ? String(Number(match[1])) : undefined;
}

/**
 * Versioning is by path; `Accept-Version` is honoured as the client's statement of what it was
 * written against: a request whose header names another version than its path (a client upgraded
 * to v2 still calling a v1 URL, or the reverse) gets 406 problem+json instead of an answer in a
 * shape it does not expect. Every versioned answer says its version (`API-Version`) and varies on
 * the header for caches. Runs before authentication: the refusal reveals nothing.
 */
export function useApiVersionNegotiation(instance: FastifyInstance): void {
  instance.addHook('onRequest', (request, reply, done) => {
    const pathVersion = VERSIONED_PATH.exec(request.url)?.[1];
    if (pathVersion === undefined) {
      done();
      return;
    }
    void reply.header('api-version', pathVersion).header('vary', 'accept-version');
    const header = request.headers['accept-version'];
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value.trim() === '') {
      done();
      return;
    }
    const requested = requestedMajorVersion(value);
    if (requested === pathVersion) {
      done();
      return;
    }
    const supported = SUPPORTED_API_VERSIONS.join(', ');
    void reply
      .code(406)
      .header('content-type', 'application/problem+json')
      .send({
        type: 'https://security-orchestrator.dev/problems/http-version-not-acceptable',
        title: 'Not acceptable',
        status: 406,
        code: 'HTTP.VERSION_NOT_ACCEPTABLE',
        detail:
          requested === undefined
            ? `Accept-Version "${value.slice(0, 40)}" names no version; use a number such as 1 (supported: ${supported})`
            : `this route is API version ${pathVersion} but Accept-Version asks for ${requested} (supported: ${supported}); call /api/v${requested}/... or drop the header`,
        instance: request.url.split('?')[0],
      });
  });
}
