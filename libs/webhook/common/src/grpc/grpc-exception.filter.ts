import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { toGrpcStatus } from '@so/shared';
import { throwError, type Observable } from 'rxjs';

/**
 * Turns whatever a gRPC handler threw into a gRPC status: domain errors keep their kind, code and
 * field violations; anything else becomes INTERNAL with an errorId and no internals.
 */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(GrpcExceptionFilter.name);

  catch(exception: unknown): Observable<never> {
    const status = toGrpcStatus(exception, (errorId, error) =>
      this.logger.error({
        msg: 'unhandled gRPC error',
        errorId,
        err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      }),
    );
    return throwError(() => status);
  }
}
