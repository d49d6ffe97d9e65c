import { CORS_FINDING, HOSTILE_TEXT, reportModel, SCHEMA_FINDING, UNAUTH_FINDING } from '../testing/report-fixtures.js';
import { renderHtmlReport } from './html-report.js';

// Every element the renderer itself writes; anything else in the output came from a finding unescaped.
const OWN_TAGS = new Set(
  'html head meta title style body main header h1 h2 h3 h4 p section div small svg rect text nav strong ul li a dl dt dd code article span br details summary pre footer'.split(
    ' ',
  ),
);

/** The opening tags as written (escaped text has no raw `<`, so these are real elements). */
function openingTags(html: string): string[] {
  return [...html.matchAll(/<[a-zA-Z][^>]*>/g)].map((match) => match[0]);
}

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => match[1]!.toLowerCase());
}

describe('renderHtmlReport', () => {
  const hostile = {
    ...CORS_FINDING,
    title: `<img src=x onerror=alert(1)>${HOSTILE_TEXT}`,
    description: '</style><script>steal()</script>',
    recommendation: '"><iframe src="https://evil.example">',
    location: { url: 'http://127.0.0.1/"><script>x()</script>', method: 'GET' },
  };
  const html = renderHtmlReport(
    reportModel({
      findings: [hostile, UNAUTH_FINDING, SCHEMA_FINDING],
      analysis: { ...reportModel().analysis, target: 'http://127.0.0.1/<script>t()</script>' },
      warnings: ['<b>warning</b>'],
    }),
  );

  it('escapes every value from findings: a <script> in evidence stays text', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<iframe|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;/style&gt;&lt;script&gt;steal()&lt;/script&gt;');
    expect(new Set(tagsOf(html).filter((tag) => !OWN_TAGS.has(tag)))).toEqual(new Set());
    expect(openingTags(html).filter((tag) => /\son[a-z]+=/i.test(tag))).toEqual([]);
  });

  it('is self-contained: inline CSS and SVG, no scripts, no external assets, a CSP that forbids them', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/,
    );
    expect(html).not.toMatch(/<link|<script|@import|url\(/i);
    expect(openingTags(html).filter((tag) => /\ssrc=/i.test(tag))).toEqual([]);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!);
    // Only in-page anchors and CWE reference links, which are navigation, not assets.
    expect(
      hrefs.every((href) => href.startsWith('#cat-') || href.startsWith('https://cwe.mitre.org/data/definitions/')),
    ).toBe(true);
  });

  it('groups findings by OWASP category in list order, with a table of contents', () => {
    const headings = [...html.matchAll(/<h2>(API\d+:2023 [^<]+)/g)].map((match) => match[1]!.trim());
    expect(headings).toEqual([
      'API2:2023 Broken Authentication',
      'API4:2023 Unrestricted Resource Consumption',
      'API8:2023 Security Misconfiguration',
    ]);
    expect(html).toContain('<a href="#cat-api2-2023">API2:2023 Broken Authentication</a> (1)');
    expect(html).toContain('id="cat-api8-2023"');
  });

  it('draws an inline SVG bar chart of findings per severity', () => {
    const svg = /<svg[^>]*>.*?<\/svg>/s.exec(html)![0];
    expect(svg).toContain('aria-label="Findings by severity: 0 critical, 2 high, 0 medium, 1 low, 0 info"');
    const widths = [...svg.matchAll(/<rect [^>]*width="(\d+)"/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(5);
    expect(widths[1]).toBeGreaterThan(widths[3]!);
    expect(widths[0]).toBe(0);
  });

  it('shows the summary, evidence, extra locations and warnings', () => {
    expect(html).toContain('<div class="score">64<small>/100</small></div>');
    expect(html).toContain('<details><summary>Evidence</summary>');
    expect(html).toContain('/components/schemas/NewUser/properties/bio (spec line 86)');
    expect(html).toContain('&lt;b&gt;warning&lt;/b&gt;');
    expect(html).toContain('3 findings');
  });

  it('says so when there is nothing to show', () => {
    const empty = renderHtmlReport(reportModel({ findings: [], warnings: [] }));
    expect(empty).toContain('No findings.');
    expect(empty).not.toContain('<nav');
  });
});
