/**
 * @apollo/gateway starts an OpenTelemetry exporter to Apollo (and cloud-metadata resource
 * detectors that probe 169.254.169.254 and friends) in its constructor unless
 * APOLLO_TELEMETRY_DISABLED is 'true' or '1' in process.env at that moment. The gateway must never
 * send traffic beyond its peers, so this is forced on before the Nest app (and Apollo) is created,
 * whatever the environment says. Returns the value it replaced when it had to override one.
 */
export function forceApolloTelemetryOff(): string | undefined {
  const current = process.env.APOLLO_TELEMETRY_DISABLED;
  if (current === 'true' || current === '1') return undefined;
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  return current;
}
