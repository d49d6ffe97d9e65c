import type { Severity } from '@so/analysis-engine';

/** One colour per severity, shared by the chart and the badges (WCAG AA contrast with white text). */
export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  critical: '#7f1d1d',
  high: '#b91c1c',
  medium: '#b45309',
  low: '#1d4ed8',
  info: '#4b5563',
};
