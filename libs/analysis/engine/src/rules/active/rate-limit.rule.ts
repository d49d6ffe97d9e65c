import { toEvidence } from '../../http/evidence.js';
import type { ProbeExchange } from '../../http/probe.types.js';
import { bodyProperties } from '../../spec/request-builder.js';
import type { SpecOperation } from '../../spec/spec-model.js';
import { SENSITIVE_FLOW } from '../static/rate-limit.rule.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveProbeContext, ActiveRuleFamily } from './active-rule.types.js';
import { describe, isAdminOperation, isSecured, operationLocation, pathParams } from './probe-helpers.js';

export const RATE_LIMIT_NOT_ENFORCED: RuleMeta = {
  id: 'http.rate-limit.not-enforced',
  title: 'No rate limiting observed',
  category: 'API4:2023',
  cweId: 'CWE-770',
  severity: 'medium',
  description:
    'A burst of requests from one client to one operation was answered in full, never with 429: nothing stops a client from exhausting the API.',
  recommendation:
    'Rate-limit per client and per credential (gateway or middleware), answer 429 with Retry-After, and document the limits.',
};

export const AUTH_BRUTE_FORCE: RuleMeta = {
  id: 'http.rate-limit.auth-brute-force',
  title: 'Login can be brute-forced',
  category: 'API2:2023',
  cweId: 'CWE-307',
  severity: 'high',
  description:
    'A burst of failed logins from one client was never slowed down or refused, so passwords can be guessed and leaked credentials stuffed at full speed.',
  recommendation:
    'Limit failed attempts per account and per client (429 or growing delays), add lockout or CAPTCHA after a few failures, and alert on credential stuffing.',
};

export const BUSINESS_FLOW_UNLIMITED: RuleMeta = {
  id: 'http.rate-limit.business-flow',
  title: 'Sensitive business flow can be automated',
  category: 'API6:2023',
  cweId: 'CWE-799',
  severity: 'medium',
  description:
    'A burst of sign-ups, password resets or similar flow requests from one client was accepted without any throttling: bots can mass-create accounts or spam mail.',
  recommendation:
    'Throttle the flow per client, account and device fingerprint, add bot friction (CAPTCHA, proof of work, email verification) and answer 429.',
};

/** Requests per burst; enough to cross any per-second or per-minute limit a human would hit. */
const BURST = 30;
const LOGIN = /log[-_]?in|sign[-_]?in|session|auth\/token|oauth\/token/i;
const PASSWORD_FIELD = /^(password|passwd|pwd|pass)$/i;
const NOT_A_COLLECTION = /(health|healthz|status|ping|openapi|swagger|docs)(\.json)?$/i;

const limited = (exchange: ProbeExchange): boolean =>
  exchange.response.status === 429 ||
  (exchange.response.status === 503 && exchange.response.headers['retry-after'] !== undefined);

/**
 * Bursts of 30: one read (a collection, as the primary account when it needs credentials) always;
 * with deepScan also the login (wrong password) and each sensitive write flow (sign-up, password
 * reset, OTP, checkout). A single 429 or 503 with Retry-After ends a burst as "limited".
 */
export const rateLimitRule: ActiveRuleFamily = {
  name: 'rate limiting',
  rules: [RATE_LIMIT_NOT_ENFORCED, AUTH_BRUTE_FORCE, BUSINESS_FLOW_UNLIMITED],
  async run(ctx) {
    const drafts: FindingDraft[] = [];
    // A public collection first: it is what an attacker without an account can hammer.
    const reads = ctx.operations.filter(
      (op) =>
        op.method === 'GET' &&
        pathParams(op).length === 0 &&
        !isAdminOperation(op) &&
        !NOT_A_COLLECTION.test(op.path) &&
        !/\/(me|self)$/i.test(op.path) &&
        op.path !== '/',
    );
    const read = reads.find((op) => !isSecured(op)) ?? reads[0];
    if (read && ctx.isSelected(RATE_LIMIT_NOT_ENFORCED.id)) {
      const draft = await burst(ctx, read, RATE_LIMIT_NOT_ENFORCED, {});
      if (draft) drafts.push(draft);
    }
    if (!ctx.deepScan) return drafts;
    for (const operation of ctx.operations.filter((op) => op.method === 'POST' || op.method === 'PUT')) {
      const label = `${operation.path} ${String(operation.value['operationId'] ?? '')}`;
      const passwordField = [...bodyProperties(ctx.spec, operation).keys()].find((name) => PASSWORD_FIELD.test(name));
      if (LOGIN.test(label) && passwordField && ctx.isSelected(AUTH_BRUTE_FORCE.id)) {
        const draft = await burst(ctx, operation, AUTH_BRUTE_FORCE, { [passwordField]: 'so-probe-wrong-password' });
        if (draft) drafts.push(draft);
      } else if (SENSITIVE_FLOW.test(label) && ctx.isSelected(BUSINESS_FLOW_UNLIMITED.id)) {
        const draft = await burst(ctx, operation, BUSINESS_FLOW_UNLIMITED, {});
        if (draft) drafts.push(draft);
      }
    }
    return drafts;
  },
};

async function burst(
  ctx: ActiveProbeContext,
  operation: SpecOperation,
  meta: RuleMeta,
  body: Record<string, unknown>,
): Promise<FindingDraft | undefined> {
  if (ctx.session.remaining < BURST) {
    ctx.warn(`${meta.id} on ${describe(operation)} not checked: request budget too small for a burst of ${BURST}`);
    return undefined;
  }
  const request = ctx.request(operation, Object.keys(body).length > 0 ? { body } : {});
  const answered = await ctx.session.burst(request, ctx.roleFor(operation), BURST, ctx.concurrency, limited);
  // Too few answers (resets, timeouts) prove nothing either way.
  if (answered.length < BURST * 0.8 || answered.some(limited)) return undefined;
  const statuses = [...new Set(answered.map((e) => e.response.status))].sort();
  const last = answered.at(-1)!;
  return {
    ruleId: meta.id,
    title: `${meta.title}: ${describe(operation)}`,
    detail: `${answered.length} requests in a burst, answered ${statuses.join('/')}, never 429.`,
    location: operationLocation(last, operation),
    evidence: toEvidence(last, [
      'content-type',
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'ratelimit-limit',
    ]),
  };
}
