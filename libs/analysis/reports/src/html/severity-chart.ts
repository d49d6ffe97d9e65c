import type { Severity } from '@so/analysis-engine';
import { SEVERITIES } from '../severity.js';
import { SEVERITY_COLORS } from './severity-colors.js';

const WIDTH = 480;
const LABEL_WIDTH = 80;
const COUNT_WIDTH = 48;
const ROW = 30;
const BAR = 20;

/**
 * Horizontal bar chart of findings per severity as inline SVG (no script, no external asset), so the
 * report renders the same offline and under a strict Content-Security-Policy. Only numbers and fixed
 * labels go in: nothing here comes from the scanned API.
 */
export function severityChartSvg(bySeverity: Readonly<Record<Severity, number>>): string {
  const counts = SEVERITIES.map((severity) => ({
    severity,
    count: Math.max(0, Math.trunc(bySeverity[severity] ?? 0)),
  }));
  const max = Math.max(1, ...counts.map(({ count }) => count));
  const barSpace = WIDTH - LABEL_WIDTH - COUNT_WIDTH;
  const height = ROW * counts.length;
  const label = counts.map(({ severity, count }) => `${count} ${severity}`).join(', ');
  const rows = counts.map(({ severity, count }, index) => {
    const y = index * ROW;
    const width = count === 0 ? 0 : Math.max(2, Math.round((count / max) * barSpace));
    return [
      `<text x="0" y="${y + 15}" class="chart-label">${severity}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + (ROW - BAR) / 2 - 4}" width="${width}" height="${BAR}" rx="3" fill="${SEVERITY_COLORS[severity]}"/>`,
      `<text x="${LABEL_WIDTH + width + 6}" y="${y + 15}" class="chart-count">${count}</text>`,
    ].join('');
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Findings by severity: ${label}">` +
    `<title>Findings by severity: ${label}</title>${rows.join('')}</svg>`
  );
}
