import type { RuleMeta } from '../rule.types.js';
import { specLocation, type StaticRuleFamily } from './static-rule.types.js';

export const HTTP_SERVER: RuleMeta = {
  id: 'spec.transport.http-server',
  title: 'Spec declares a plain http server',
  category: 'API8:2023',
  cweId: 'CWE-319',
  severity: 'medium',
  description: 'Clients generated from the spec will send credentials and data unencrypted to this server.',
  recommendation: 'List only https:// servers (Swagger 2: `schemes: [https]`).',
};

/** Local development servers in a spec are common and harmless. */
const LOCAL_HOST = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i;

export const serverTransportRule: StaticRuleFamily = {
  name: 'server transport',
  rules: [HTTP_SERVER],
  run(spec) {
    return spec.servers
      .filter((server) => /^http:\/\//i.test(server.url))
      .map((server) => ({
        ruleId: HTTP_SERVER.id,
        detail: `Server: ${server.url}.`,
        ...(LOCAL_HOST.test(server.url) ? { severity: 'info' as const } : {}),
        location: specLocation(spec, server),
      }));
  },
};
