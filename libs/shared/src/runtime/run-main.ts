import { ConfigValidationError } from '../config/load-config.js';
import type { RunningService } from './running-service.js';

/**
 * Entry point shared by every service's main.ts: starts the service, prints a bad configuration
 * as one readable message (no stack), and closes cleanly on SIGINT/SIGTERM.
 */
export function runMain(start: () => Promise<RunningService>): void {
  start()
    .then((service) => {
      let closing = false;
      const shutdown = (signal: string) => {
        if (closing) return;
        closing = true;
        process.stdout.write(JSON.stringify({ level: 30, service: service.name, msg: `${signal}: shutting down` }) + '\n');
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        service.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
    })
    .catch((error: unknown) => {
      if (error instanceof ConfigValidationError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exit(1);
    });
}
