import { toEvidence } from '../../http/evidence.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import type { LoadedSpec, SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';

export const UNAUTHENTICATED_ACCESS: RuleMeta = {
  id: 'http.auth.unauthenticated-access',
  title: 'Secured operation answers without credentials',
  category: 'API2:2023',
  cweId: 'CWE-306',
  severity: 'high',
  description: 'The spec says this operation needs credentials, yet a request without any got a success response.',
  recommendation:
    'Enforce authentication in a global guard (deny by default) and test that each secured route answers 401 without credentials.',
};

/**
 * Judges one no-credentials exchange. HTML from an operation that documents JSON is a single-page
 * app's catch-all route, not the API answering, so it is not reported.
 */
export function judgeUnauthenticated(
  spec: LoadedSpec,
  operation: SpecOperation,
  exchange: ProbeExchange,
): FindingDraft | undefined {
  const { status, headers } = exchange.response;
  if (status < 200 || status >= 300) return undefined;
  if ((headers['content-type'] ?? '').includes('text/html') && !documentsHtml(operation)) return undefined;
  const position = spec.locate(operation.pointer);
  return {
    ruleId: UNAUTHENTICATED_ACCESS.id,
    title: `${UNAUTHENTICATED_ACCESS.title}: ${operation.method} ${operation.path}`,
    detail: `Got ${status} without credentials.`,
    location: {
      url: exchange.request.url,
      method: operation.method,
      pointer: operation.pointer,
      ...(position ? { line: position.line, column: position.column } : {}),
    },
    evidence: toEvidence(exchange, ['content-type', 'www-authenticate', 'set-cookie']),
  };
}

function documentsHtml(operation: SpecOperation): boolean {
  return [...operation.responses.values()].some((response) =>
    JSON.stringify(response.value['content'] ?? {}).includes('text/html'),
  );
}
