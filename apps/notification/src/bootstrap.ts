import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFastifyAdapter, JsonLogger, ProblemJsonFilter, type RunningService } from '@so/shared';
import type { AddressInfo } from 'node:net';
import { loadNotificationConfig } from './config/notification.config.js';
import { NotificationModule } from './notification.module.js';

/** Starts the notification service (socket.io on the HTTP port, event fan-out, health). */
export async function bootstrapNotificationService(env: NodeJS.ProcessEnv): Promise<RunningService> {
  const config = loadNotificationConfig(env);
  const logger = new JsonLogger('notification', config.LOG_LEVEL);
  const app = await NestFactory.create<NestFastifyApplication>(NotificationModule.forRoot(config), createFastifyAdapter(), {
    logger,
    // Throw instead of exiting the process: end-to-end tests boot several services in one process.
    abortOnError: false,
  });
  try {
    app.useGlobalFilters(new ProblemJsonFilter());
    await app.listen({ port: config.HTTP_PORT, host: config.HOST });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    name: 'notification',
    httpUrl: `http://${config.HOST}:${port}`,
    close: () => (closing ??= app.close()),
  };
}
