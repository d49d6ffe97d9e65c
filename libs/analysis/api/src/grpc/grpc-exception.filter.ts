import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { toGrpcStatus } from '@so/shared';
import { throwError, type Observable } from 'rxjs';

/** Domain errors leave as their gRPC status (+ code metadata); anything else as INTERNAL with an errorId. */
@Catch()
export class GrpcExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GrpcExceptionFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const status = toGrpcStatus(exception, (errorId, error) =>
      this.logger.error({
        msg: 'unhandled gRPC error',
        errorId,
        err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      }),
    );
    return throwError(() => status);
  }
}
