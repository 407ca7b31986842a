/** The report's stylesheet: one column up to 1240 px, charts two to a row, readable printed too. */
export const REPORT_STYLES = `
:root { color-scheme: light; --ink: #0f172a; --muted: #475569; --line: #e2e8f0; --panel: #f8fafc;
  --critical: #b91c1c; --warning: #b45309; --info: #1d4ed8; --ok: #15803d; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 20px 0 8px; }
p.lead, p.note { color: var(--muted); margin: 4px 0 12px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel); padding: 1px 4px; border-radius: 3px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--panel); }
.card .n { font-size: 22px; font-weight: 650; }
.card .l { color: var(--muted); font-size: 12.5px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px 20px; }
.chart { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 6px; min-width: 0; }
.chart h4 { margin: 0 0 6px; font-size: 13.5px; font-weight: 600; }
.chart .plot { width: 100%; min-height: 220px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.when { white-space: nowrap; font-variant-numeric: tabular-nums; color: var(--muted); }
.sev { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.sev.critical { background: var(--critical); } .sev.warning { background: var(--warning); } .sev.info { background: var(--info); }
.sev.resolved { background: var(--ok); } .sev.none { background: #94a3b8; }
tr.resolved td { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
@media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
@media print { .chart { break-inside: avoid; } }
`;
