import { formatCount, formatNumber } from '../../detectors/common/format.ts';
import { formatTime, formatWindow } from '../windowLabels.ts';
import type { ChartLibrary } from './chartLibrary.ts';
import { CHART_SCRIPT } from './chartScript.ts';
import { escapeHtml as esc, scriptJson } from './escapeHtml.ts';
import type { ChartSpec, InputSection, ModelSection, RankedFeature, ReportModel } from './reportModel.ts';
import { REPORT_STYLES } from './reportStyles.ts';

/** The report as one self-contained HTML page: every style, script and datum inline, so it opens offline. */
export function renderReport(model: ReportModel, library: ChartLibrary): string {
  const charts = model.models.flatMap((m) => [...m.inputs.flatMap((i) => [...i.driftCharts, ...i.multivariateCharts, ...i.qualityCharts, ...i.aggregateCharts]), ...m.performance, ...m.estimates]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(model.title)}</title>
<style>${library.style}</style>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main>
${header(model)}
${alertsByDetector(model)}
${model.models.map(modelSection).join('\n')}
${alertTimeline(model)}
${retrainRequests(model)}
<p class="note">Charts drawn with ${esc(library.name)} (MIT), inlined in this file. Drag across a chart to zoom, double-click to reset.</p>
</main>
<script type="application/json" id="driftwatch-charts">${scriptJson(charts)}</script>
<script>${library.script}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}

function header(model: ReportModel): string {
  const { source, counts, period } = model;
  const windows = model.models.reduce((n, m) => n + m.inputs.reduce((k, i) => k + i.windows.length, 0), 0);
  const performanceWindows = model.models.reduce((n, m) => n + m.performanceWindows, 0);
  const firing = model.alerts.filter((a) => a.alert.status === 'firing');
  const critical = firing.filter((a) => a.alert.severity === 'critical').length;
  const files = [`events <code>${esc(source.events)}</code>`, ...(source.labels ? [`labels <code>${esc(source.labels)}</code>`] : []), `config <code>${esc(source.config)}</code>`];
  const span = period ? (period.unit === 'time' ? `${formatTime(period.start)} → ${formatTime(period.end)} (UTC)` : formatWindow(period, period.unit)) : 'no window closed';
  const card = (n: string, label: string) => `<div class="card"><div class="n">${esc(n)}</div><div class="l">${esc(label)}</div></div>`;
  return `<h1>${esc(model.title)}</h1>
<p class="lead">Replay of ${files.join(', ')}. Windows: ${esc(span)}.</p>
<div class="cards">
${card(formatCount(counts.events), 'events')}
${card(formatCount(counts.joined), `labels joined (${formatCount(counts.orphan)} orphan, ${formatCount(counts.late)} late)`)}
${card(formatCount(windows), 'input windows')}
${card(formatCount(performanceWindows), 'performance windows')}
${card(formatCount(firing.length), `alerts fired (${critical} critical)`)}
${card(formatCount(model.retrainRequests.length), 'retraining requests')}
${card(formatCount(counts.skipped), 'records skipped')}
</div>`;
}

function alertsByDetector(model: ReportModel): string {
  if (model.alertsByDetector.length === 0) return '<h2>Alerts by detector</h2>\n<p class="empty">No alert.</p>';
  const rows = model.alertsByDetector.map((d) => `<tr><td><code>${esc(d.detector)}</code></td><td class="num">${d.firing}</td><td class="num">${d.critical}</td><td class="num">${d.warning}</td><td class="num">${d.info}</td><td class="num">${d.resolved}</td></tr>`);
  return `<h2>Alerts by detector</h2>
<table id="alerts-by-detector"><thead><tr><th>detector</th><th class="num">fired</th><th class="num">critical</th><th class="num">warning</th><th class="num">info</th><th class="num">resolved</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function modelSection(m: ModelSection): string {
  const slice = m.segment ? `, segment <code>${esc(m.segment.attribute)}=${esc(m.segment.value)}</code>` : '';
  const parts = [`<h2>Model <code>${esc(m.modelId)}</code> version <code>${esc(m.modelVersion)}</code>${slice}</h2>`];
  for (const input of m.inputs) parts.push(inputSection(input, m.inputs.length > 1));
  // Labels are joined for the whole population only: a segment's section has no performance part.
  if (!m.segment) {
    parts.push('<h3>Performance over windows of labelled predictions</h3>');
    parts.push(m.performance.length > 0
      ? `<p class="note">From delayed labels joined to their predictions; each window is a fixed number of labelled pairs, in label arrival order. Dashed lines are the configured bounds; circles mark windows where a trend detector signalled.</p>\n${chartGrid(m.performance)}`
      : '<p class="empty">No performance window (no labels, or no performance section in the config).</p>');
  }
  if (m.estimates.length > 0) {
    parts.push('<h3>Performance estimated without labels (CBPE)</h3>');
    parts.push(`<p class="note">${formatCount(m.estimateWindows)} windows of scored predictions, estimated from the calibrated scores alone. Dashed lines are each metric's band; the thin lines its estimate ± 3 sampling errors; circles mark windows outside the band.</p>\n${chartGrid(m.estimates)}`);
  }
  return parts.join('\n');
}

function inputSection(input: InputSection, named: boolean): string {
  const stream = named ? ` (${esc(input.stream)} stream)` : '';
  return `<h3>Features ranked by drift${stream}</h3>
${rankedTable(input)}
<h3>Drift per feature over windows${stream}</h3>
<p class="note">The statistic that alerts for each feature, per window, against its warning and critical thresholds (dashed). p-values are drawn as −log10 p, so up is worse everywhere.</p>
${chartGrid(input.driftCharts)}${input.multivariateCharts.length > 0 ? `
<h3>Multivariate drift${stream}</h3>
<p class="note">How far each window's events lie from the reference's principal components, against the reference's band (dashed), with ± 3 sampling errors; circles mark windows outside the band.</p>
${chartGrid(input.multivariateCharts)}` : ''}
<h3>Data quality${stream}</h3>
${input.qualityCharts.length > 0 ? chartGrid(input.qualityCharts) : '<p class="empty">Quality checks are off.</p>'}
<h3>Prediction aggregates and anomalies${stream}</h3>
<p class="note">Circles mark windows where the anomaly detector breached.</p>
${chartGrid(input.aggregateCharts)}`;
}

function rankedTable(input: InputSection): string {
  if (input.ranked.length === 0) return '<p class="empty">No feature was judged (windows below drift.minCount values).</p>';
  const row = (r: RankedFeature, i: number) => {
    const first = r.firstBreach === undefined ? '—' : input.unit === 'time' ? formatTime(input.windows[r.firstBreach].start) : formatWindow(input.windows[r.firstBreach], input.unit);
    const status = r.windowsCritical > 0 ? 'critical' : r.windowsWarning > 0 ? 'warning' : 'none';
    const bound = (v: number | undefined) => (v === undefined ? '—' : esc(formatNumber(v)));
    return `<tr><td class="num">${i + 1}</td><td><code>${esc(r.feature)}</code></td><td>${esc(r.kind)}</td><td><code>${esc(r.metric)}</code></td>`
      + `<td class="num">${esc(formatNumber(r.peak))}</td><td class="num">${esc(formatNumber(r.last))}</td><td class="num">${bound(r.warning)} / ${bound(r.critical)}</td>`
      + `<td class="num">${r.windowsCritical} / ${r.windowsWarning} / ${r.windows}</td>`
      + `<td><span class="sev ${status}">${status === 'none' ? 'no drift' : status}</span></td><td class="when">${esc(first)}</td></tr>`;
  };
  return `<table class="ranked"><thead><tr><th class="num">#</th><th>feature</th><th>kind</th><th>metric</th><th class="num">worst</th><th class="num">last</th><th class="num">warning / critical</th><th class="num">windows critical / warning / judged</th><th>status</th><th>first breach</th></tr></thead>
<tbody>${input.ranked.map(row).join('\n')}</tbody></table>`;
}

function chartGrid(charts: readonly ChartSpec[]): string {
  return `<div class="grid">\n${charts.map((c) => `<div class="chart"><h4>${esc(c.title)}</h4><div class="plot" id="${esc(c.id)}" data-points="${c.x.length}" data-series="${c.series.length}"></div></div>`).join('\n')}\n</div>`;
}

function alertTimeline(model: ReportModel): string {
  if (model.alerts.length === 0) return '<h2>Alert timeline</h2>\n<p class="empty">No alert.</p>';
  const rows = model.alerts.map(({ alert: a, unit }, i) => {
    const badge = a.status === 'resolved' ? '<span class="sev resolved">resolved</span>' : `<span class="sev ${esc(a.severity)}">${esc(a.severity)}</span>`;
    return `<tr class="${esc(a.status)}"><td class="num">${i + 1}</td><td class="when">${esc(formatWindow(a.window, unit))}</td><td><code>${esc(a.detector)}</code></td><td>${a.feature === null ? '—' : `<code>${esc(a.feature)}</code>`}</td><td>${badge}</td><td>${esc(a.summary)}</td></tr>`;
  });
  return `<h2>Alert timeline</h2>
<p class="note">Every alert transition in the order the replay raised it: one <em>firing</em> alert per episode (another if it escalates) and a <em>resolved</em> one when it no longer persists.</p>
<table id="alert-timeline"><thead><tr><th class="num">#</th><th>window</th><th>detector</th><th>feature</th><th>severity</th><th>summary</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function retrainRequests(model: ReportModel): string {
  if (model.retrainRequests.length === 0) return '<h2>Retraining requests</h2>\n<p class="empty">None.</p>';
  const rows = model.retrainRequests.map((q) => `<tr><td><code>${esc(q.model_id)}</code> <code>${esc(q.model_version)}</code></td><td>${esc(q.reason)}</td><td>${q.drifted_features.map((f) => `<code>${esc(f)}</code>`).join(', ') || '—'}</td></tr>`);
  return `<h2>Retraining requests</h2>
<table id="retrain-requests"><thead><tr><th>model</th><th>reason</th><th>drifted features</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}
