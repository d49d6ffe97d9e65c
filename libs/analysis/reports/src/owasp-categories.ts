import type { OwaspApiCategory } from '@so/analysis-engine';

/** OWASP API Security Top 10 (2023) titles, in list order. */
export const OWASP_API_CATEGORIES: Readonly<Record<OwaspApiCategory, string>> = {
  'API1:2023': 'Broken Object Level Authorization',
  'API2:2023': 'Broken Authentication',
  'API3:2023': 'Broken Object Property Level Authorization',
  'API4:2023': 'Unrestricted Resource Consumption',
  'API5:2023': 'Broken Function Level Authorization',
  'API6:2023': 'Unrestricted Access to Sensitive Business Flows',
  'API7:2023': 'Server Side Request Forgery',
  'API8:2023': 'Security Misconfiguration',
  'API9:2023': 'Improper Inventory Management',
  'API10:2023': 'Unsafe Consumption of APIs',
};

export function owaspCategoryName(category: OwaspApiCategory): string {
  return OWASP_API_CATEGORIES[category] ?? category;
}

/** `API8:2023` -> 8, for sorting categories in list order (API10 after API9, not after API1). */
export function owaspCategoryOrder(category: string): number {
  const match = /^API(\d+):/.exec(category);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}
