/** The report's only stylesheet, inlined: the file must render with no network and no other files. */
export const HTML_REPORT_CSS = `
:root { color-scheme: light; --fg: #111827; --muted: #4b5563; --line: #e5e7eb; --bg: #f9fafb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 1040px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 8px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: center; }
.score { font-size: 44px; font-weight: 700; line-height: 1; }
.score small { font-size: 16px; color: var(--muted); font-weight: 400; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.chart-label, .chart-count { font: 13px system-ui, sans-serif; fill: #111827; }
nav ul { list-style: none; padding: 0; margin: 0; columns: 2; }
nav a { color: inherit; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--sev); border-radius: 8px; padding: 14px 18px; margin: 12px 0; }
.badge { display: inline-block; min-width: 70px; text-align: center; color: #fff; background: var(--sev); border-radius: 4px; padding: 1px 8px; font-size: 12px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; margin-right: 8px; vertical-align: 2px; }
.sev-critical { --sev: #7f1d1d; } .sev-high { --sev: #b91c1c; } .sev-medium { --sev: #b45309; } .sev-low { --sev: #1d4ed8; } .sev-info { --sev: #4b5563; }
.finding p { margin: 6px 0; }
code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #111827; color: #f9fafb; padding: 10px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; }
details summary { cursor: pointer; color: var(--muted); }
.fingerprint { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
footer { margin-top: 40px; font-size: 13px; color: var(--muted); }
@media print { details { display: block; } pre { max-height: none; } }
`;
