import type { AnyDomainEvent } from '@so/contracts';
import { orchestratorProto } from '@so/contracts';
import type { AnalysisGrpcClient, PeerCallContext } from '@so/gateway-grpc';
import { DomainException } from '@so/shared';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnalysisEventTail } from './analysis-event-tail.js';

type Response = orchestratorProto.SecurityAnalysisResponse;
type ProgressEvent = orchestratorProto.AnalysisProgressEvent;
const { AnalysisStatus } = orchestratorProto;

const TERMINAL = new Set([AnalysisStatus.COMPLETED, AnalysisStatus.FAILED, AnalysisStatus.CANCELLED]);
const TERMINAL_EVENTS = new Set(['analysis.completed', 'analysis.failed', 'analysis.cancelled']);

export function isTerminal(status: orchestratorProto.AnalysisStatus): boolean {
  return TERMINAL.has(status);
}

export interface FollowOptions {
  /** Aborted when the gRPC call is cancelled or its deadline passes: stops listening and polling. */
  signal: AbortSignal;
  /** Receives progress as it happens (streaming RPCs); omitted by the waiting unary call. */
  onProgress?: (event: ProgressEvent) => void;
  initialPollMs?: number;
  maxPollMs?: number;
}

/**
 * Follows one analysis to a terminal status: live events from the stream tail (progress, findings)
 * plus GetAnalysis with exponential backoff, so a lost or late event only delays the end, never
 * hangs it. Resolves with the final GetAnalysis (findings and metrics included). Aborting stops
 * the follow only: the analysis itself keeps running (see the gateway README).
 */
export class AnalysisFollower {
  constructor(
    private readonly analysis: AnalysisGrpcClient,
    private readonly tail: AnalysisEventTail,
  ) {}

  async follow(started: Response, context: PeerCallContext, options: FollowOptions): Promise<Response> {
    const { signal } = options;
    const id = started.analysisId;
    let wake: (() => void) | undefined;
    const unsubscribe = this.tail.subscribe(id, context.identity.orgId, (event) => {
      const progress = toProgressEvent(event);
      if (progress) options.onProgress?.(progress);
      if (TERMINAL_EVENTS.has(event.type)) wake?.();
    });
    try {
      options.onProgress?.(statusEvent(started, 'accepted'));
      let delay = options.initialPollMs ?? 200;
      for (;;) {
        if (signal.aborted) throw cancelled();
        const current = await this.analysis.getAnalysis({ analysisId: id, projectId: '' }, context);
        if (isTerminal(current.status)) {
          options.onProgress?.(statusEvent(current, 'done'));
          return current;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          const timer = sleep(delay, undefined, { signal }).catch(() => undefined);
          void timer.then(resolve);
        });
        wake = undefined;
        delay = Math.min(options.maxPollMs ?? 2_000, delay * 2);
      }
    } finally {
      unsubscribe();
    }
  }
}

function cancelled(): DomainException {
  return new DomainException('CANCELLED', 'CALL.CANCELLED', 'the call was cancelled or its deadline passed');
}

function statusEvent(response: Response, stage: string): ProgressEvent {
  return {
    analysisId: response.analysisId,
    status: response.status,
    progressPercent: isTerminal(response.status) ? 100 : 0,
    stage,
    message: response.errorMessage,
    finding: undefined,
    timestamp: new Date().toISOString(),
  };
}

function toProgressEvent(event: AnyDomainEvent): ProgressEvent | undefined {
  const base = { analysisId: '', progressPercent: 0, stage: '', message: '', finding: undefined, timestamp: event.occurredAt };
  switch (event.type) {
    case 'analysis.started':
      return { ...base, analysisId: event.data.analysisId, status: AnalysisStatus.PENDING, stage: 'started' };
    case 'analysis.progress':
      return {
        ...base,
        analysisId: event.data.analysisId,
        status: AnalysisStatus.IN_PROGRESS,
        progressPercent: Math.round(event.data.percent),
        stage: event.data.stage,
        message: event.data.message,
      };
    case 'finding.detected': {
      const data = event.data;
      return {
        ...base,
        analysisId: data.analysisId,
        status: AnalysisStatus.IN_PROGRESS,
        stage: 'finding',
        message: data.title,
        finding: {
          id: data.findingId,
          category: data.owaspCategory,
          severity: data.severity,
          description: data.title,
          location: data.location,
          recommendation: '',
          cweId: data.cweId,
          owaspCategory: data.owaspCategory,
          title: data.title,
          ruleId: data.ruleId,
          evidence: '',
          fingerprint: data.fingerprint,
        },
      };
    }
    default:
      // Terminal events are reported from the final GetAnalysis, which carries findings and metrics.
      return undefined;
  }
}
