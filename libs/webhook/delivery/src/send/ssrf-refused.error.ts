/** A delivery target that resolves to an address deliveries must not reach (private, loopback, metadata, ...). */
export class SsrfRefusedError extends Error {
  readonly code = 'WEBHOOK_SSRF_REFUSED';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`refused to connect to ${host} (${address}, ${range} address); allow it with WEBHOOK_ALLOWLIST`);
    this.name = 'SsrfRefusedError';
  }
}
