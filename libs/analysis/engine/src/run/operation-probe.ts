import type { ProbeClient } from '../http/probe-client.js';
import { judgeUnauthenticated } from '../rules/dynamic/unauthenticated-access.rule.js';
import type { FindingDraft } from '../rules/rule.types.js';
import { isSecured } from '../rules/static/auth.rule.js';
import { sampleRequest, specBasePath } from '../spec/sample-request.js';
import type { LoadedSpec, SpecOperation } from '../spec/spec-model.js';
import type { VettedTarget } from '../target/target-policy.js';
import { mapLimit } from './map-limit.js';
import type { ProbeProgress, ProgressReporter } from './progress-reporter.js';

export interface OperationProbeLimits {
  deepScan: boolean;
  /** Most path segments an operation may have to be probed; below 1 means no limit. */
  maxDepth: number;
}

export interface OperationProbeInput extends OperationProbeLimits {
  spec: LoadedSpec;
  target: VettedTarget;
  client: ProbeClient;
  concurrency: number;
  requestBudget: number;
  signal: AbortSignal;
  progress: ProgressReporter;
  probeProgress: ProbeProgress;
  emit: (drafts: FindingDraft[]) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Operations the probe will call. Writes only with deepScan: if authentication is really broken, a
 * credential-less DELETE would delete, and a scan must not damage what it inspects by default.
 */
export function eligibleOperations(spec: LoadedSpec, limits: OperationProbeLimits): SpecOperation[] {
  return spec.operations.filter((operation) => {
    const methodOk = SAFE_METHODS.has(operation.method) || (limits.deepScan && WRITE_METHODS.has(operation.method));
    const depth = operation.path.split('/').filter(Boolean).length;
    return methodOk && (limits.maxDepth < 1 || depth <= limits.maxDepth);
  });
}

/**
 * Calls each eligible operation once without credentials; a secured operation answering 2xx is a
 * finding. Returns how many operations got an answer (metrics.operationsCovered).
 */
export async function runOperationProbe(input: OperationProbeInput): Promise<number> {
  const operations = eligibleOperations(input.spec, input);
  const skipped = input.spec.operations.length - operations.length;
  if (skipped > 0) {
    input.progress.warn(
      `${skipped} operation(s) not probed: write methods need deepScan, and paths deeper than maxDepth ${input.maxDepth} are skipped`,
    );
  }
  if (operations.length === 0) return 0;
  const basePath = input.target.url.pathname.replace(/\/+$/, '') === '' ? specBasePath(input.spec) : '';
  if (await answersEverything(input.client, basePath)) {
    input.progress.warn(
      'operation probe skipped: the target answers 2xx for paths that do not exist, so a 2xx proves nothing',
    );
    return 0;
  }
  let covered = 0;
  let overBudget = 0;
  let done = 0;
  await mapLimit(operations, input.concurrency, input.signal, async (operation) => {
    if (input.client.requestsSent >= input.requestBudget) overBudget += 1;
    else {
      const exchange = await input.client.trySend(sampleRequest(operation, basePath));
      if (exchange) {
        covered += 1;
        const draft = isSecured(operation) ? judgeUnauthenticated(input.spec, operation, exchange) : undefined;
        if (draft) input.emit([draft]);
      }
    }
    done += 1;
    input.probeProgress.advance(`probing ${done}/${operations.length} operations`);
  });
  if (overBudget > 0)
    input.progress.warn(`${overBudget} operation(s) not probed: request budget of ${input.requestBudget} used up`);
  return covered;
}

async function answersEverything(client: ProbeClient, basePath: string): Promise<boolean> {
  const exchange = await client.trySend({ method: 'GET', path: `${basePath}/__so_probe__/does-not-exist` });
  return exchange !== undefined && exchange.response.status >= 200 && exchange.response.status < 300;
}
