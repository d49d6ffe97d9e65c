import { toEvidence } from '../../http/evidence.js';
import type { ProbeExchange, ProbeRequest } from '../../http/probe.types.js';
import type { SpecOperation } from '../../spec/spec-model.js';
import type { FindingDraft, RuleMeta } from '../rule.types.js';
import type { ActiveProbeContext, ActiveRuleFamily } from './active-rule.types.js';
import { crackHmacSecret, decodeJwt, maskSecret, signJwt, tamperedJwt, unsignedJwt } from './jwt-token.js';
import {
  describe,
  isAdminOperation,
  isDenied,
  isSecured,
  isSuccess,
  operationLocation,
  pathParams,
} from './probe-helpers.js';

const rule = (
  id: string,
  title: string,
  cweId: string,
  severity: RuleMeta['severity'],
  description: string,
  recommendation: string,
): RuleMeta => ({
  id,
  title,
  category: 'API2:2023',
  cweId,
  severity,
  description,
  recommendation,
});

export const INVALID_TOKEN_ACCEPTED = rule(
  'http.auth.invalid-token-accepted',
  'Any bearer token is accepted',
  'CWE-287',
  'critical',
  'A request without credentials is refused, yet one with a made-up token succeeds: the API checks that a token is present, not that it is valid.',
  'Verify every token (signature, issuer, audience, expiry) with a maintained library before trusting it.',
);
export const JWT_NONE_ACCEPTED = rule(
  'http.auth.jwt-none-accepted',
  'JWT with alg "none" accepted',
  'CWE-347',
  'critical',
  'An unsigned token (alg "none") carrying the test account\'s claims was accepted, so anyone can mint tokens for any user.',
  'Pin the accepted algorithms on the verifier (e.g. only HS256 or RS256) and refuse "none".',
);
export const JWT_SIGNATURE_NOT_VERIFIED = rule(
  'http.auth.jwt-signature-not-verified',
  'JWT signature not verified',
  'CWE-347',
  'critical',
  'A token whose claims were changed after signing was accepted: the signature is never checked.',
  'Verify the signature of every token (jwt.verify, not jwt.decode) before reading its claims.',
);
export const JWT_WEAK_SECRET = rule(
  'http.auth.jwt-weak-secret',
  'JWT signed with a guessable secret',
  'CWE-1391',
  'critical',
  "The HMAC key behind the test account's token is a well-known default; anyone can sign tokens for any user with it.",
  'Use a random key of at least 256 bits from a secret store, rotate it now, and invalidate tokens signed with the old one.',
);
export const JWT_EXPIRED_ACCEPTED = rule(
  'http.auth.jwt-expired-accepted',
  'Expired JWT accepted',
  'CWE-613',
  'high',
  'A correctly signed token whose exp lies in the past was accepted, so stolen tokens never stop working.',
  'Require and check exp (with little clock skew) on every token; keep lifetimes short and refresh tokens revocable.',
);

/**
 * Token handling, on one secured read the primary account can call and an anonymous caller cannot:
 * a made-up token, then (for JWTs) alg "none", a tampered payload, the signing key against a list
 * of defaults (offline), and with a cracked key a correctly signed but expired token.
 */
export const jwtRule: ActiveRuleFamily = {
  name: 'token handling',
  rules: [INVALID_TOKEN_ACCEPTED, JWT_NONE_ACCEPTED, JWT_SIGNATURE_NOT_VERIFIED, JWT_WEAK_SECRET, JWT_EXPIRED_ACCEPTED],
  async run(ctx) {
    if (!ctx.session.credentials.has('primary')) return [];
    const probe = await findProbeOperation(ctx);
    if (!probe) return [];
    const { operation, request } = probe;
    const drafts: FindingDraft[] = [];
    const tryToken = async (token: string): Promise<ProbeExchange | undefined> => {
      const exchange = await ctx.session.send({
        ...request,
        headers: { ...request.headers, ...ctx.session.credentials.withToken(token) },
      });
      return isSuccess(exchange) ? exchange : undefined;
    };
    const report = (meta: RuleMeta, exchange: ProbeExchange, detail: string): void => {
      drafts.push({
        ruleId: meta.id,
        title: `${meta.title} (${describe(operation)})`,
        detail,
        location: operationLocation(exchange, operation),
        evidence: toEvidence(exchange, ['content-type', 'www-authenticate']),
      });
    };

    const madeUp = await tryToken('so-probe-invalid-token');
    if (madeUp) {
      report(INVALID_TOKEN_ACCEPTED, madeUp, 'Token sent: so-probe-invalid-token.');
      return drafts; // every other token test would pass for the same reason
    }
    const original = ctx.session.credentials.bearerToken('primary');
    const jwt = original ? decodeJwt(original) : undefined;
    if (!jwt) return drafts;

    for (const alg of ['none', 'None', 'NONE']) {
      const accepted = await tryToken(unsignedJwt(jwt.header, jwt.payload, alg));
      if (accepted) {
        report(JWT_NONE_ACCEPTED, accepted, `Header {"alg":"${alg}"}, same claims, empty signature.`);
        break;
      }
    }
    const tampered = await tryToken(tamperedJwt(jwt));
    if (tampered) report(JWT_SIGNATURE_NOT_VERIFIED, tampered, 'A claim ("so_probe": 1) was added after signing.');

    const secret = crackHmacSecret(jwt);
    if (!secret) return drafts;
    const now = Math.floor(Date.now() / 1000);
    const resigned = await tryToken(signJwt(jwt.header, { ...jwt.payload, iat: now }, secret));
    if (resigned) {
      report(
        JWT_WEAK_SECRET,
        resigned,
        `The ${String(jwt.header['alg'])} key is "${maskSecret(secret)}" (from a list of defaults); a token re-signed with it was accepted.`,
      );
    }
    const expired = await tryToken(
      signJwt(jwt.header, { ...jwt.payload, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }, secret),
    );
    if (expired) report(JWT_EXPIRED_ACCEPTED, expired, 'The token expired an hour before it was sent.');
    return drafts;
  },
};

/** A secured read without path parameters (`/me` first) that the primary account may call and an anonymous caller may not. */
async function findProbeOperation(
  ctx: ActiveProbeContext,
): Promise<{ operation: SpecOperation; request: ProbeRequest } | undefined> {
  const candidates = ctx.operations
    .filter((op) => op.method === 'GET' && isSecured(op) && !isAdminOperation(op) && pathParams(op).length === 0)
    .sort(
      (a, b) =>
        Number(/\/(me|self|profile|account)\b/i.test(b.path)) - Number(/\/(me|self|profile|account)\b/i.test(a.path)),
    );
  for (const operation of candidates.slice(0, 3)) {
    const request = ctx.request(operation);
    const withCredential = await ctx.session.send(request, 'primary');
    if (!isSuccess(withCredential)) continue;
    if (isDenied(await ctx.session.send(request, 'anonymous'))) return { operation, request };
  }
  return undefined;
}
