import type { GrpcOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { ReflectionService } from '@grpc/reflection';
import type { HealthImplementation } from 'grpc-health-check';
import { PROTO_LOADER_OPTIONS } from '@so/contracts';

export interface GrpcServerInput {
  host: string;
  port: number;
  packages: string[];
  protoPaths: string[];
  /** Receives the standard health implementation so readiness can flip SERVING/NOT_SERVING. */
  health: HealthImplementation;
  maxMessageBytes?: number;
}

/**
 * Nest gRPC transport options with the standard `grpc.health.v1` service and server reflection
 * attached, so grpcurl and Kubernetes gRPC probes work unmodified. Health is wired through
 * onLoadPackageDefinition only (listing it in `package` too registers the handler twice).
 */
export function grpcServerOptions(input: GrpcServerInput): GrpcOptions {
  const maxBytes = input.maxMessageBytes ?? 16 * 1024 * 1024;
  return {
    transport: Transport.GRPC,
    options: {
      url: `${input.host}:${input.port}`,
      package: input.packages,
      protoPath: input.protoPaths,
      loader: { ...PROTO_LOADER_OPTIONS, includeDirs: [...PROTO_LOADER_OPTIONS.includeDirs] },
      maxReceiveMessageLength: maxBytes,
      maxSendMessageLength: maxBytes,
      // No service here serves channelz; grpc-js would otherwise track every call and socket for it.
      channelOptions: { 'grpc.enable_channelz': 0 },
      keepalive: {
        keepaliveTimeMs: 60_000,
        keepaliveTimeoutMs: 20_000,
        keepalivePermitWithoutCalls: 1,
        http2MinPingIntervalWithoutDataMs: 30_000,
      },
      onLoadPackageDefinition: (packageDefinition: object, server: unknown) => {
        input.health.addToServer(server as Parameters<HealthImplementation['addToServer']>[0]);
        new ReflectionService(packageDefinition as ConstructorParameters<typeof ReflectionService>[0]).addToServer(
          server as Parameters<ReflectionService['addToServer']>[0],
        );
      },
    },
  };
}
