import type { OwaspApiCategory } from './engine.types.js';

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

/** The category's title; an unknown id (e.g. from an older stored finding) is returned as is. */
export function owaspCategoryName(category: string): string {
  return (OWASP_API_CATEGORIES as Readonly<Record<string, string>>)[category] ?? category;
}
