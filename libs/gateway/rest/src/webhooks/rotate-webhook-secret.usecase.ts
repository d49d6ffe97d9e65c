import { Injectable } from '@nestjs/common';
import type { AuthenticatedCaller } from '@so/gateway-auth';
import { WebhookAdminGrpcClient } from '@so/gateway-grpc';
import type { RotateWebhookSecretRequest } from './update-webhook-endpoint.request.js';
import type { RotatedWebhookSecretView } from './webhook-endpoint.view.js';

/** A new signing secret, shown once; the old one keeps signing beside it for the grace period. */
@Injectable()
export class RotateWebhookSecretUseCase {
  constructor(private readonly webhooks: WebhookAdminGrpcClient) {}

  async execute(id: string, body: RotateWebhookSecretRequest, caller: AuthenticatedCaller): Promise<RotatedWebhookSecretView> {
    const response = await this.webhooks.rotateEndpointSecret({ id, graceSeconds: body.graceSeconds ?? 0 }, caller);
    return {
      secret: response.secret,
      publicKey: response.publicKey || null,
      previousSecretExpiresAt: response.previousSecretExpiresAt,
    };
  }
}
