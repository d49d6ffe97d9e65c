import { baseConfigShape, csv, hostPort, loadConfig, port, refuseDevSecretsInProduction } from '@so/shared';
import { z } from 'zod';

export const notificationConfigSchema = z
  .object({
    ...baseConfigShape,
    HTTP_PORT: port(3004),
    /** Browser origins allowed to use socket.io's HTTP long-polling transport (`*` = any); websockets are not subject to CORS. */
    CORS_ORIGINS: csv(),
    /** The analysis service's gRPC server (host:port), which START_ANALYSIS calls. */
    ANALYSIS_GRPC_URL: hostPort('127.0.0.1:50051'),
    /** Analyses one caller may start over sockets per minute, across all notification instances. */
    SOCKET_STARTS_PER_MINUTE: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000').default(30),
    MAX_SUBSCRIPTIONS_PER_SOCKET: z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'must be at most 10000').default(200),
  })
  .superRefine((config, ctx) => refuseDevSecretsInProduction(config, ctx, ['INTERNAL_TOKEN']));

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;

export function loadNotificationConfig(env: NodeJS.ProcessEnv): NotificationConfig {
  return loadConfig('notification', notificationConfigSchema, env);
}
