import { DomainException, type ErrorKind } from '@so/shared';
import type { RealtimeErrorCode } from './realtime.protocol.js';

const KIND_BY_CODE: Record<RealtimeErrorCode, ErrorKind> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNKNOWN_NAMESPACE: 'NOT_FOUND',
  UNKNOWN_MESSAGE: 'INVALID_ARGUMENT',
  INVALID_PAYLOAD: 'INVALID_ARGUMENT',
  NOT_SUPPORTED: 'FAILED_PRECONDITION',
  TOO_MANY_SUBSCRIPTIONS: 'RATE_LIMITED',
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
