import {
  credentials,
  makeGenericClientConstructor,
  type Client,
  type Metadata,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  callback: (error: ServiceError | null, response?: unknown) => void,
) => void;

/** A promise-based client over any generated grpc-js service definition, for tests. */
export class GrpcTestClient<Service extends ServiceDefinition> {
  private readonly client: Client;

  constructor(definition: Service, serviceName: string, address: string) {
    const Constructor = makeGenericClientConstructor(definition, serviceName);
    this.client = new Constructor(address, credentials.createInsecure());
  }

  call<Method extends keyof Service & string>(
    method: Method,
    request: Parameters<Service[Method]['requestSerialize']>[0],
    metadata: Metadata,
  ): Promise<ReturnType<Service[Method]['responseDeserialize']>> {
    const fn = (this.client as unknown as Record<string, UnaryMethod>)[method];
    if (!fn) throw new Error(`no method ${method}`);
    return new Promise((resolve, reject) => {
      fn.call(this.client, request, metadata, (error, response) =>
        error ? reject(error) : resolve(response as ReturnType<Service[Method]['responseDeserialize']>),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
