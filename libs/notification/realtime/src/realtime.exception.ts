import { DomainException, type ErrorKind } from '@so/shared';
import type { RealtimeErrorCode } from './realtime.protocol.js';

const KIND_BY_CODE: Record<RealtimeErrorCode, ErrorKind> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNKNOWN_NAMESPACE: 'NOT_FOUND',
  UNKNOWN_MESSAGE: 'INVALID_ARGUMENT',
  INVALID_PAYLOAD: 'INVALID_ARGUMENT',
  TOO_MANY_SUBSCRIPTIONS: 'RATE_LIMITED',
  FORBIDDEN: 'PERMISSION_DENIED',
  RATE_LIMITED: 'RATE_LIMITED',
  REJECTED: 'FAILED_PRECONDITION',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
};

/** A refused client message; `errorCode` is what the socket sees in `ERROR` and in the ack. */
export class RealtimeException extends DomainException {
  constructor(
    readonly errorCode: RealtimeErrorCode,
    message: string,
  ) {
    super(KIND_BY_CODE[errorCode], `NOTIFICATION.${errorCode}`, message);
  }
}
