import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { toGrpcStatus } from '@so/shared';
import { throwError, type Observable } from 'rxjs';

/** Turns any error of a gRPC handler into a status (domain code in metadata); unknown errors are logged with an errorId. */
@Catch()
export class GrpcExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(GrpcExceptionFilter.name);

  catch(exception: unknown): Observable<never> {
    const status = toGrpcStatus(exception, (errorId, error) =>
      this.logger.error({ errorId, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, 'gRPC call failed'),
    );
    return throwError(() => status);
  }
}
