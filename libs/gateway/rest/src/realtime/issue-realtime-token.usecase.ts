import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { IDENTITY_TOKEN_MAX_AGE_MS, signIdentity } from '@so/shared';
import { GATEWAY_REST_OPTIONS, type GatewayRestOptions } from '../rest.options.js';

export interface RealtimeToken {
  token: string;
  expiresInSeconds: number;
}

/**
 * A short-lived ticket for the socket.io handshake: the caller's identity signed with
 * INTERNAL_TOKEN, which the notification service verifies. Browsers never need the API key itself.
 */
@Injectable()
export class IssueRealtimeTokenUseCase {
  constructor(@Inject(GATEWAY_REST_OPTIONS) private readonly options: GatewayRestOptions) {}

  execute(caller: AuthenticatedCaller): RealtimeToken {
    return {
      token: signIdentity(caller.identity, this.options.internalToken, Date.now(), 'realtime'),
      expiresInSeconds: Math.floor(IDENTITY_TOKEN_MAX_AGE_MS / 1000),
    };
  }
}
