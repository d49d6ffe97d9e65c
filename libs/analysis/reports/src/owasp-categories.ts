export { OWASP_API_CATEGORIES, owaspCategoryName } from '@so/analysis-engine';

/** `API8:2023` -> 8, for sorting categories in list order (API10 after API9, not after API1). */
export function owaspCategoryOrder(category: string): number {
  const match = /^API(\d+):/.exec(category);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}
