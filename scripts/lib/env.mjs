// Environment every script of the project runs with: nothing may phone home from this machine.
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (no trailing slash). */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** Variables that switch off telemetry, cloud connections and background daemons of our tools. */
export const NO_NETWORK_ENV = Object.freeze({
  APOLLO_TELEMETRY_DISABLED: 'true',
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  SCARF_ANALYTICS: 'false',
});

/** Sets {@link NO_NETWORK_ENV} on this process so every child inherits it. */
export function applyNoNetworkEnv() {
  Object.assign(process.env, NO_NETWORK_ENV);
}
