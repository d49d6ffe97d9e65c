/** Limits the gateway enforces on every operation before it is planned or sent to a subgraph. */
export interface GraphQLLimits {
  /** Deepest field nesting allowed (introspection fields excluded; introspection has its own switch). */
  maxDepth: number;
  /** Highest cost allowed: each field costs 1 times the page sizes (`first`/`last`) of the lists above it. */
  maxCost: number;
  /** Largest `first` / `last` argument anywhere in an operation. */
  maxPageSize: number;
  /** When set, only these operation documents are executed (normalised; see OperationAllowlist). */
  allowlistFile?: string;
}

/** Stable `extensions.code` values of the gateway's own rejections. */
export const GraphQLLimitCode = {
  TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  PAGE_SIZE: 'PAGE_SIZE_TOO_LARGE',
  NOT_ALLOWED: 'OPERATION_NOT_ALLOWED',
} as const;
