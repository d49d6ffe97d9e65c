/**
 * The kinds of integration a caller can create, as every transport (REST, GraphQL, gRPC) accepts and
 * documents them. The integration service also stores older kinds it no longer creates.
 */
export const CREATABLE_INTEGRATION_TYPES = ['jira', 'slack', 'github', 'generic_http'] as const;
export type CreatableIntegrationType = (typeof CREATABLE_INTEGRATION_TYPES)[number];
