import { DomainException, type ErrorKind, type FieldViolation } from '@so/shared';

/** Errors of the webhook domain; codes are `WEBHOOK.*`. */
export class WebhookException extends DomainException {
  constructor(kind: ErrorKind, code: `WEBHOOK.${string}`, message: string, violations: FieldViolation[] = []) {
    super(kind, code, message, violations);
  }
}
