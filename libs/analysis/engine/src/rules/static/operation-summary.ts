import type { SpecOperation } from '../../spec/spec-model.js';

/** Names spelled out in a finding's detail; the location lists every place (up to its own cap). */
const MAX_NAMED = 10;

/** `GET /a, POST /b, ...`: the first ten names, then an ellipsis. */
export function nameList(names: readonly string[]): string {
  return `${names.slice(0, MAX_NAMED).join(', ')}${names.length > MAX_NAMED ? ', ...' : ''}`;
}

/** Where a finding about an operation's responses points: its `responses` object. */
export function responsesPlace(operation: SpecOperation): { pointer: string; method: string } {
  return { pointer: `${operation.pointer}/responses`, method: operation.method };
}
