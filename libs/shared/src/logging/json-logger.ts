import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as PinoLogger } from 'pino';
import { currentCorrelationId } from './correlation.js';

/**
 * Nest logger that writes one JSON object per line (pino) and stamps the current correlation id,
 * so a request can be followed through gRPC, the job and the event by grepping one id.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: PinoLogger;

  constructor(service: string, level: string) {
    this.pino = pino({
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    });
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes the context (class name) last; an Error's stack may come before it. */
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, rest: unknown[]): void {
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    const extra = context === undefined ? rest : rest.slice(0, -1);
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error) {
      fields.err = { message: message.message, stack: message.stack, name: message.name };
      this.pino[level](fields, message.message);
      return;
    }
    if (typeof message === 'object' && message !== null) {
      // `logger.warn({ ...fields }, 'what happened')`: the string is the message, not a stack.
      const text = typeof extra[0] === 'string' ? extra[0] : undefined;
      this.pino[level]({ ...fields, ...(message as Record<string, unknown>) }, text);
      return;
    }
    if (typeof extra[0] === 'string' && level === 'error') fields.stack = extra[0];
    this.pino[level](fields, String(message));
  }
}
