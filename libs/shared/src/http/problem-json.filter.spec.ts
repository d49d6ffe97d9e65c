import { beforeAll, describe, expect, it } from '@jest/globals';
import { BadRequestException, HttpException, Logger, ServiceUnavailableException, type ArgumentsHost } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception.js';
import { ProblemJsonFilter, type ProblemDetails } from './problem-json.filter.js';

interface Sent {
  status?: number;
  headers: Record<string, string>;
  body?: ProblemDetails;
}

/** An ArgumentsHost over a recording Fastify-like reply: the filter only uses status/header/send. */
function hostRecording(sent: Sent, url = '/api/v1/things?x=1'): ArgumentsHost {
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: ProblemDetails) {
      sent.body = body;
      return reply;
    },
  };
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({ url }) }),
  } as unknown as ArgumentsHost;
}

function filter(exception: unknown): Sent {
  const sent: Sent = { headers: {} };
  new ProblemJsonFilter().catch(exception, hostRecording(sent));
  return sent;
}

describe('ProblemJsonFilter', () => {
  // The filter logs what it hides; the assertions here are about what the client sees.
  beforeAll(() => Logger.overrideLogger(false));

  it('maps a domain exception to its status and code, with the path as instance', () => {
    const sent = filter(new DomainException('NOT_FOUND', 'ANALYSIS.NOT_FOUND', 'no such analysis'));
    expect(sent.status).toBe(404);
    expect(sent.headers['content-type']).toBe('application/problem+json');
    expect(sent.body).toMatchObject({ code: 'ANALYSIS.NOT_FOUND', detail: 'no such analysis', instance: '/api/v1/things' });
  });

  it('keeps a framework 4xx status and message', () => {
    const sent = filter(new BadRequestException('Body is not valid JSON'));
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ code: 'HTTP.BAD_REQUEST', detail: 'Body is not valid JSON' });
  });

  it("keeps a deliberate 503 (a failed readiness check) but not its internals", () => {
    const sent = filter(new ServiceUnavailableException({ status: 'error', error: { redis: { status: 'down', message: 'ECONNREFUSED 10.0.0.7' } } }));
    expect(sent.status).toBe(503);
    expect(sent.body?.code).toBe('HTTP.SERVICE_UNAVAILABLE');
    expect(sent.body?.errorId).toEqual(expect.any(String));
    expect(JSON.stringify(sent.body)).not.toContain('ECONNREFUSED');
  });

  it('turns anything else into a 500 with an error id and no internals', () => {
    const sent = filter(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(sent.status).toBe(500);
    expect(sent.body).toMatchObject({ code: 'INTERNAL', title: 'Internal error' });
    expect(JSON.stringify(sent.body)).not.toContain('secret');
    // A plain HttpException(500) is an unhandled failure too.
    expect(filter(new HttpException('db password wrong', 500)).body?.code).toBe('INTERNAL');
  });
});
