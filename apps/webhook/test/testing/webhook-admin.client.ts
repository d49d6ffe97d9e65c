import {
  credentials,
  makeGenericClientConstructor,
  type Client,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { webhookInternalProto } from '@so/contracts';

type Unary<Req, Res> = (
  request: Req,
  metadata: Metadata,
  callback: (error: ServiceError | null, response?: Res) => void,
) => void;

interface RawClient extends Client {
  createEndpoint: Unary<webhookInternalProto.CreateEndpointRequest, webhookInternalProto.CreateEndpointResponse>;
  listEndpoints: Unary<webhookInternalProto.ListEndpointsRequest, webhookInternalProto.ListEndpointsResponse>;
  deleteEndpoint: Unary<webhookInternalProto.DeleteEndpointRequest, webhookInternalProto.DeleteEndpointResponse>;
}

/** Promise wrapper over the generated WebhookAdminService definition, for tests. */
export class WebhookAdminTestClient {
  private readonly client: RawClient;

  constructor(address: string) {
    const Constructor = makeGenericClientConstructor(
      webhookInternalProto.WebhookAdminServiceService,
      'WebhookAdminService',
    );
    this.client = new Constructor(address, credentials.createInsecure()) as unknown as RawClient;
  }

  createEndpoint(request: Partial<webhookInternalProto.CreateEndpointRequest>, metadata: Metadata) {
    return this.call(
      this.client.createEndpoint,
      { url: '', eventTypes: [], description: '', projectId: '', ...request },
      metadata,
    );
  }

  listEndpoints(request: Partial<webhookInternalProto.ListEndpointsRequest>, metadata: Metadata) {
    return this.call(this.client.listEndpoints, { projectId: '', ...request }, metadata);
  }

  deleteEndpoint(request: webhookInternalProto.DeleteEndpointRequest, metadata: Metadata) {
    return this.call(this.client.deleteEndpoint, request, metadata);
  }

  close(): void {
    this.client.close();
  }

  private call<Req, Res>(method: Unary<Req, Res>, request: Req, metadata: Metadata): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, request, metadata, (error, response) =>
        error ? reject(error) : resolve(response as Res),
      );
    });
  }
}
