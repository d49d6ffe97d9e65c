import { InvalidSpecError } from '../errors/engine.errors.js';
import { childPointer, valueAt } from './pointer.js';
import { refToPointer } from './ref-resolver.js';
import type { JsonObject } from './spec-model.js';

/**
 * One walk over the whole document, before anything else reads it:
 * - refuses refs that leave the document: following them would make the engine fetch URLs or read
 *   files named by whoever uploaded the spec (SSRF and local file disclosure);
 * - refuses YAML anchors that make the tree cyclic, which no JSON document can express (only checked
 *   when the parser says nodes may be shared);
 * - refuses local refs to nothing, so no rule meets a dangling ref half-way through the audit.
 */
export function assertSelfContained(doc: JsonObject, mayShareNodes: boolean): void {
  /** Each distinct ref with the first place it is used, for the error message. */
  const refs = new Map<string, string>();
  const keys: string[] = [];
  const onPath = new Set<object>();
  const here = (): string => keys.reduce<string>((pointer, key) => childPointer(pointer, key), '');
  const visit = (node: object): void => {
    if (mayShareNodes) {
      if (onPath.has(node)) throw new InvalidSpecError(`spec YAML anchors form a cycle at ${here() || '/'}`);
      onPath.add(node);
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child !== 'object' || child === null) continue;
        keys.push(String(i));
        visit(child);
        keys.pop();
      }
    } else {
      const ref = (node as JsonObject)['$ref'];
      if (typeof ref === 'string') {
        if (!ref.startsWith('#')) {
          throw new InvalidSpecError(
            `external $ref ${JSON.stringify(ref)} at ${here()}: only refs inside the document (#/...) are accepted; bundle the spec first`,
          );
        }
        if (!refs.has(ref)) refs.set(ref, here());
      }
      for (const key of Object.keys(node)) {
        const child: unknown = (node as JsonObject)[key];
        if (typeof child !== 'object' || child === null) continue;
        keys.push(key);
        visit(child);
        keys.pop();
      }
    }
    if (mayShareNodes) onPath.delete(node);
  };
  visit(doc);
  for (const [ref, pointer] of refs) {
    if (valueAt(doc, refToPointer(ref)) === undefined) {
      throw new InvalidSpecError(
        `spec has a $ref that cannot be resolved: ${JSON.stringify(ref)} at ${pointer || '/'} points at nothing in the document`,
      );
    }
  }
}
