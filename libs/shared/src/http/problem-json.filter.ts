import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { isDomainException } from '../errors/domain.exception.js';
import { ERROR_KIND_MAPPING } from '../errors/error-mapping.js';

/** RFC 9457 problem details body. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: Array<{ field: string; description: string }>;
  errorId?: string;
}

const PROBLEM_BASE = 'https://security-orchestrator.dev/problems/';

/**
 * Every HTTP error leaves as `application/problem+json`. Domain errors keep their code; framework
 * errors (bad JSON, 404 routes) keep their status; a framework 5xx that is deliberate (terminus'
 * 503 when a dependency is down, a 502/504 raised by a controller) keeps its status too, so probes and
 * load balancers see what happened, but never its message; anything else is a 500 with an errorId.
 */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemJsonFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = this.toProblem(exception);
    problem.instance = request.url.split('?')[0];
    if (problem.status === 429 && isDomainException(exception) && exception.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(exception.retryAfterSeconds));
    }
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (isDomainException(exception)) {
      const mapping = ERROR_KIND_MAPPING[exception.kind];
      return {
        type: PROBLEM_BASE + exception.code.toLowerCase().replace(/[._]/g, '-'),
        title: mapping.title,
        status: mapping.http,
        detail: exception.message,
        code: exception.code,
        ...(exception.violations.length > 0 ? { errors: exception.violations } : {}),
      };
    }
    const status = frameworkStatus(exception);
    if (status !== undefined && status < 500) {
      const message = exception instanceof Error ? exception.message : 'Bad request';
      const code = status === 404 ? 'HTTP.ROUTE_NOT_FOUND' : status === 415 ? 'HTTP.UNSUPPORTED_MEDIA_TYPE' : status === 413 ? 'HTTP.PAYLOAD_TOO_LARGE' : 'HTTP.BAD_REQUEST';
      return { type: PROBLEM_BASE + code.toLowerCase().replace(/[._]/g, '-'), title: httpTitle(status), status, detail: message, code };
    }
    const errorId = randomUUID();
    if (exception instanceof HttpException && status !== undefined && status > 500 && status < 600) {
      this.logger.warn({ errorId, status, err: describe(exception) }, 'request failed upstream');
      const code = UPSTREAM_CODES[status] ?? 'HTTP.UPSTREAM_ERROR';
      return {
        type: PROBLEM_BASE + code.toLowerCase().replace(/[._]/g, '-'),
        title: httpTitle(status),
        status,
        detail: `The request could not be served now. Quote errorId ${errorId} when reporting it.`,
        code,
        errorId,
      };
    }
    this.logger.error({ errorId, err: describe(exception) }, 'unhandled error');
    return {
      type: PROBLEM_BASE + 'internal',
      title: 'Internal error',
      status: 500,
      detail: `An unexpected error occurred. Quote errorId ${errorId} when reporting it.`,
      code: 'INTERNAL',
      errorId,
    };
  }
}

/** Status of Nest HttpExceptions and Fastify errors (e.g. FST_ERR_CTP_INVALID_JSON_BODY has statusCode 400). */
function frameworkStatus(exception: unknown): number | undefined {
  if (exception instanceof HttpException) return exception.getStatus();
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

const UPSTREAM_CODES: Record<number, string> = { 502: 'HTTP.BAD_GATEWAY', 503: 'HTTP.SERVICE_UNAVAILABLE', 504: 'HTTP.GATEWAY_TIMEOUT' };

function httpTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request',
    401: 'Authentication required',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    413: 'Payload too large',
    415: 'Unsupported media type',
    502: 'Bad gateway',
    503: 'Service unavailable',
    504: 'Gateway timeout',
  };
  return titles[status] ?? 'Request error';
}

function describe(exception: unknown): Record<string, unknown> {
  return exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : { value: String(exception) };
}
