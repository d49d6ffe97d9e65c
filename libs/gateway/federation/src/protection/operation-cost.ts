import {
  GraphQLError,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { GraphQLLimitCode } from './graphql-limits.js';

const PAGE_ARGUMENTS = new Set(['first', 'last']);

interface CostWalk {
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  maxPageSize: number;
}

/**
 * Cost of an operation: every field costs 1 for each time it can appear in the answer, i.e. the
 * product of the page sizes (`first`/`last`) of the connections above it. A list without a page
 * argument counts as 1 (its size is bounded by the subgraph). Throws PAGE_SIZE_TOO_LARGE when a page
 * argument is above `maxPageSize` or negative; variables are resolved, so `first: $n` is checked too.
 */
export function operationCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  maxPageSize: number,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return selectionCost(operation.selectionSet, 1, { fragments, variables: variables ?? {}, maxPageSize }, new Set());
}

function selectionCost(
  selectionSet: SelectionSetNode | undefined,
  multiplier: number,
  walk: CostWalk,
  visiting: ReadonlySet<string>,
): number {
  if (!selectionSet) return 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const childMultiplier = multiplier * pageSize(selection, walk);
      cost += multiplier + selectionCost(selection.selectionSet, childMultiplier, walk, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      cost += selectionCost(selection.selectionSet, multiplier, walk, visiting);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      cost += selectionCost(fragment.selectionSet, multiplier, walk, new Set([...visiting, name]));
    }
  }
  return cost;
}

function pageSize(field: FieldNode, walk: CostWalk): number {
  let size = 1;
  for (const argument of field.arguments ?? []) {
    if (!PAGE_ARGUMENTS.has(argument.name.value)) continue;
    const value = valueFromASTUntyped(argument.value, walk.variables);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > walk.maxPageSize) {
      throw new GraphQLError(
        `${field.name.value}(${argument.name.value}: ${JSON.stringify(value)}): page size must be between 0 and ${walk.maxPageSize}`,
        {
          nodes: [argument],
          extensions: { code: GraphQLLimitCode.PAGE_SIZE, maxPageSize: walk.maxPageSize, http: { status: 400 } },
        },
      );
    }
    size = Math.max(size, value);
  }
  return size;
}
