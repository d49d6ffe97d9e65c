import { dereference, validate } from '@readme/openapi-parser';
import { InvalidSpecError } from '../errors/engine.errors.js';
import { isObject, type JsonObject } from './spec-model.js';

/**
 * Refuses refs that leave the document: following them would make the engine fetch URLs or read
 * files named by whoever uploaded the spec (SSRF and local file disclosure). Also refuses YAML
 * anchors that make the tree cyclic, which no JSON document can express.
 */
export function assertSelfContained(doc: JsonObject): void {
  const onPath = new Set<object>();
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (onPath.has(node)) throw new InvalidSpecError(`spec YAML anchors form a cycle at ${pointer || '/'}`);
    onPath.add(node);
    if (isObject(node) && typeof node['$ref'] === 'string' && !node['$ref'].startsWith('#')) {
      throw new InvalidSpecError(
        `external $ref ${JSON.stringify(node['$ref'])} at ${pointer}: only refs inside the document (#/...) are accepted; bundle the spec first`,
      );
    }
    for (const [key, child] of Object.entries(node)) visit(child, `${pointer}/${key}`);
    onPath.delete(node);
  };
  visit(doc, '');
}

/**
 * Lets @readme/openapi-parser check what it is good at: every local ref resolves (fatal when not)
 * and the document follows the OpenAPI schema (reported as warnings, because real specs are often
 * slightly off and are still worth auditing). Runs on copies: the parser mutates its input.
 */
export async function checkWithParser(doc: JsonObject): Promise<string[]> {
  const options = { dereference: { circular: 'ignore' as const }, resolve: { external: false }, timeoutMs: 15_000 };
  try {
    await dereference(structuredClone(doc) as never, options);
  } catch (cause) {
    throw new InvalidSpecError(`spec has a $ref that cannot be resolved: ${firstLine((cause as Error).message)}`, {
      cause,
    });
  }
  try {
    const result = await validate(structuredClone(doc) as never, options);
    if (result.valid) return result.warnings.map((w) => `spec warning: ${firstLine(w.message)}`);
    const extra = result.additionalErrors > 0 ? [`spec validation: ${result.additionalErrors} more errors`] : [];
    return [...result.errors.slice(0, 5).map((e) => `spec validation: ${firstLine(e.message)}`), ...extra];
  } catch (cause) {
    return [`spec validation could not run: ${firstLine((cause as Error).message)}`];
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
