import type { Metadata } from '@grpc/grpc-js';
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { correlationFromMetadata, enterCorrelation } from '@so/shared';
import type { Observable } from 'rxjs';

/** Binds the caller's `x-correlation-id` (or a fresh one) to the rest of the call. */
@Injectable()
export class GrpcCorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    enterCorrelation(correlationFromMetadata(context.switchToRpc().getContext<Metadata>()));
    return next.handle();
  }
}
