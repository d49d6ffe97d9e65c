import {
  GraphQLError,
  Kind,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { GraphQLLimitCode } from './graphql-limits.js';

/**
 * Depth of a selection set: the longest chain of nested fields. Fragments are followed (each at
 * most once per path, so a fragment cycle, rejected by another rule, cannot loop here) and
 * introspection fields (`__schema`, `__type`, `__typename`) are not counted: introspection is
 * switched on or off as a whole.
 */
export function selectionDepth(
  selectionSet: SelectionSetNode | undefined,
  fragments: (name: string) => FragmentDefinitionNode | undefined | null,
  visiting: ReadonlySet<string> = new Set(),
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, 1 + selectionDepth(selection.selectionSet, fragments, visiting));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, visiting));
    } else {
      const name = selection.name.value;
      const fragment = fragments(name);
      if (!fragment || visiting.has(name)) continue;
      deepest = Math.max(deepest, selectionDepth(fragment.selectionSet, fragments, new Set([...visiting, name])));
    }
  }
  return deepest;
}

/**
 * Validation rule rejecting operations nested deeper than `maxDepth`. A validation rule (not an
 * execution hook) so that a deep document is refused before anything else is computed for it,
 * even when it also has other errors.
 */
export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const depth = selectionDepth(operation.selectionSet, (name) => context.getFragment(name));
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`operation is nested ${depth} levels deep; at most ${maxDepth} are allowed`, {
            nodes: [operation],
            extensions: { code: GraphQLLimitCode.TOO_DEEP, depth, maxDepth },
          }),
        );
      }
    },
  });
}
