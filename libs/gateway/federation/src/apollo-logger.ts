import type { Logger } from '@nestjs/common';

/** Apollo's logger interface on top of a Nest logger, so gateway messages land in the JSON log. */
export function apolloLogger(logger: Logger) {
  return {
    debug: (message?: unknown) => logger.debug(String(message)),
    info: (message?: unknown) => logger.log(String(message)),
    warn: (message?: unknown) => logger.warn(String(message)),
    error: (message?: unknown) => logger.error(String(message)),
  };
}
