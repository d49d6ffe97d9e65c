import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { ORCHESTRATOR_PROTO, PROTO_LOADER_OPTIONS } from '@so/contracts';
import { HealthImplementation } from 'grpc-health-check';
import { readFileSync } from 'node:fs';

export interface PublicGrpcTlsFiles {
  certFile: string;
  keyFile: string;
  /** When set, clients must present a certificate signed by this CA (mTLS). */
  caFile?: string;
}

export interface PublicGrpcServerOptions {
  host: string;
  port: number;
  tls?: PublicGrpcTlsFiles;
  /** Plaintext on a non-loopback address is refused unless this is true. */
  allowInsecure: boolean;
  maxMessageBytes: number;
}

export const PUBLIC_SERVICE_NAME = 'security.orchestrator.SecurityOrchestratorService';
export const PUBLIC_QUERY_SERVICE_NAME = 'security.orchestrator.SecurityAnalysisQueryService';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

export function serverCredentials(options: PublicGrpcServerOptions): ServerCredentials {
  if (options.tls) {
    const { certFile, keyFile, caFile } = options.tls;
    const read = (name: string, file: string) => {
      try {
        return readFileSync(file);
      } catch (error) {
        throw new Error(`gateway: cannot read ${name} ${file}: ${(error as Error).message}`);
      }
    };
    const ca = caFile ? read('GRPC_TLS_CA', caFile) : null;
    return ServerCredentials.createSsl(ca, [{ cert_chain: read('GRPC_TLS_CERT', certFile), private_key: read('GRPC_TLS_KEY', keyFile) }], ca !== null);
  }
  if (!isLoopback(options.host) && !options.allowInsecure) {
    throw new Error(
      `gateway: refusing plaintext gRPC on ${options.host}: set GRPC_TLS_CERT and GRPC_TLS_KEY, or GRPC_ALLOW_INSECURE=true behind a TLS-terminating proxy`,
    );
  }
  return ServerCredentials.createInsecure();
}

/**
 * A plain grpc-js server (streaming handlers need the raw call objects) with the public service,
 * the standard grpc.health.v1 (Check and Watch) and server reflection, keepalive and message limits.
 */
export class PublicGrpcServer {
  readonly health = new HealthImplementation({ '': 'NOT_SERVING', [PUBLIC_SERVICE_NAME]: 'NOT_SERVING', [PUBLIC_QUERY_SERVICE_NAME]: 'NOT_SERVING' });
  private readonly server: Server;
  private boundPort = 0;

  /** host:port once listening. */
  get address(): string {
    return `${this.options.host}:${this.boundPort}`;
  }

  constructor(private readonly options: PublicGrpcServerOptions) {
    this.server = new Server({
      'grpc.max_receive_message_length': options.maxMessageBytes,
      'grpc.max_send_message_length': options.maxMessageBytes,
      'grpc.keepalive_time_ms': 60_000,
      'grpc.keepalive_timeout_ms': 20_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.http2.min_ping_interval_without_data_ms': 30_000,
      'grpc.max_connection_age_grace_ms': 10_000,
      // Nothing serves channelz here; tracking every call and socket for it was per-call work for nobody.
      'grpc.enable_channelz': 0,
    });
    this.health.addToServer(this.server);
    const definition = loadSync(ORCHESTRATOR_PROTO, { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] });
    new ReflectionService(definition).addToServer(this.server);
  }

  addService(definition: ServiceDefinition, implementation: UntypedServiceImplementation): void {
    this.server.addService(definition, implementation);
  }

  /** Binds and starts; returns host:port (the real port when 0 was asked). */
  async listen(): Promise<string> {
    const credentials = serverCredentials(this.options);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(`${this.options.host}:${this.options.port}`, credentials, (error, port) =>
        error ? reject(new Error(`gateway: cannot listen for gRPC on ${this.options.host}:${this.options.port}: ${error.message}`)) : resolve(port),
      ),
    );
    this.health.setStatus('', 'SERVING');
    this.health.setStatus(PUBLIC_SERVICE_NAME, 'SERVING');
    this.health.setStatus(PUBLIC_QUERY_SERVICE_NAME, 'SERVING');
    return `${this.options.host}:${this.boundPort}`;
  }

  /** Stops taking calls, lets running ones finish for up to `graceMs`, then cuts the rest. */
  async close(graceMs = 5_000): Promise<void> {
    this.health.setStatus('', 'NOT_SERVING');
    this.health.setStatus(PUBLIC_SERVICE_NAME, 'NOT_SERVING');
    this.health.setStatus(PUBLIC_QUERY_SERVICE_NAME, 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      timer.unref();
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
