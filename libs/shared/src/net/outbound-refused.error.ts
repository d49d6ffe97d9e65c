/** An outbound target that resolves to an address the service must not reach (private, loopback, metadata, ...). */
export class OutboundRefusedError extends Error {
  readonly code = 'OUTBOUND_TARGET_REFUSED';

  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
    allowlistName: string,
  ) {
    super(`refused to connect to ${host} (${address}, ${range} address); allow it with ${allowlistName}`);
    this.name = 'OutboundRefusedError';
  }
}
