import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../config/loadConfig.ts';
import type { AlertRecord } from '../../contracts/events.ts';
import type { ReportFinding, WindowReportRecord } from '../../contracts/reports.ts';
import { loadChartLibrary } from './chartLibrary.ts';
import { escapeHtml, scriptJson } from './escapeHtml.ts';
import { alertStream } from '../windowLabels.ts';
import { renderReport } from './renderReport.ts';
import { reportModel, type ChartSpec, type HtmlReportInput } from './reportModel.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const CLOSES = '</script><script>alert(2)</script>';
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5);

const monitors = parseConfig(`
monitors:
  - model: m
    window: { type: eventTime, size: 1d }
    drift: { numeric: { method: ks }, categorical: { method: jensen_shannon, warning: 0.12 } }
    performance: { task: classification, thresholds: { accuracy: { warning: 0.8, critical: 0.7 } } }
`, 'inline.yaml').monitors;

function finding(detector: string, feature: string | null, metric: string, value: number, threshold: number, severity: ReportFinding['severity']): ReportFinding {
  return { detector, feature, metric, value, threshold, severity, p_value: null };
}

function inputReport(day: number, ksP: number, js: number, quality: number): WindowReportRecord {
  return {
    report_id: `r${day}`, model_id: 'm', model_version: 'v1', stream: 'predictions',
    window: { start: START + day * DAY, end: START + (day + 1) * DAY, count: 1000 }, late_events: 0,
    features: [
      { feature: 'amount', kind: 'numeric', metrics: { ks_p_value: ksP } },
      { feature: HOSTILE, kind: 'categorical', metrics: { jensen_shannon_distance: js } },
    ],
    model_metrics: { volume: 1000, prediction_mean: 0.3 + day / 100, quality_score: quality },
    findings: [
      finding('drift.ks', 'amount', 'ks_p_value', ksP, ksP < 0.001 ? 0.001 : 0.05, ksP < 0.001 ? 'critical' : ksP < 0.05 ? 'warning' : 'none'),
      finding('drift.jensen_shannon', HOSTILE, 'jensen_shannon_distance', js, 0.12, js >= 0.12 ? 'warning' : 'none'),
      finding('quality.score', null, 'quality_score', quality, 0.8, quality < 0.8 ? 'warning' : 'none'),
      finding('anomaly.ewma', null, 'prediction_mean_ewma', 0.3, 0.35, day === 2 ? 'warning' : 'none'),
    ],
    created_at: 0,
  };
}

function labelReport(i: number, accuracy: number): WindowReportRecord {
  return {
    report_id: `p${i}`, model_id: 'm', model_version: 'v1', stream: 'labels', window: { start: i * 500, end: (i + 1) * 500, count: 500 }, late_events: 0, features: [],
    model_metrics: { labelled_pairs: 500, accuracy, precision: 0.7, recall: 0.6, log_loss: 0.4 },
    findings: [finding('performance.threshold', null, 'accuracy', accuracy, 0.8, accuracy < 0.8 ? 'warning' : 'none'), finding('trend.page_hinkley', null, 'accuracy', 0.1, 0.05, i === 2 ? 'warning' : 'none')],
    created_at: 0,
  };
}

function estimateReport(i: number, auc: number): WindowReportRecord {
  const band = { lower: 0.85, upper: 0.97, sampling_error: 0.01 };
  return {
    report_id: `e${i}`, model_id: 'm', model_version: 'v1', stream: 'estimates', window: { start: i * 1000, end: (i + 1) * 1000, count: 1000 }, late_events: 0, features: [],
    model_metrics: { predictions: 1000, estimated_roc_auc: auc, estimated_roc_auc_sampling_error: 0.01 },
    findings: [{ ...finding('performance.band', null, 'estimated_roc_auc', auc, auc < 0.85 ? 0.85 : 0.97, auc < 0.85 ? 'warning' : 'none'), details: band, threshold_source: 'calibrated' }],
    created_at: 0,
  };
}

/** A count-window input report with only the multivariate reconstruction error. */
function reconstructionReport(i: number, error: number): WindowReportRecord {
  return {
    report_id: `m${i}`, model_id: 'mv', model_version: 'v1', stream: 'predictions', window: { start: i * 500, end: (i + 1) * 500, count: 500 }, late_events: 0, features: [],
    model_metrics: { volume: 500, reconstruction_error: error, reconstruction_error_sampling_error: 0.02 },
    findings: [{ ...finding('multivariate.reconstruction', null, 'reconstruction_error', error, 1.24, error >= 1.24 ? 'warning' : 'none'), details: { upper: 1.24, lower: 1.02 } }],
    created_at: 0,
  };
}

const alert: AlertRecord = {
  alert_id: 'a1', episode_id: 'a1', model_id: 'm', model_version: 'v1', detector: 'drift.jensen_shannon', feature: HOSTILE, severity: 'warning', status: 'firing', metric: 'jensen_shannon_distance',
  value: 0.2, threshold: 0.12, window: { start: START + DAY, end: START + 2 * DAY, count: 1000 }, summary: `drifted ${CLOSES}`, details: {}, created_at: 0,
};

const input: HtmlReportInput = {
  monitors,
  source: { config: 'c.yaml', events: `e${HOSTILE}.jsonl` },
  counts: { events: 4000, labels: 1500, joined: 1500, orphan: 0, late: 0, skipped: 0 },
  reports: [inputReport(0, 0.5, 0.01, 0.99), labelReport(0, 0.85), inputReport(1, 0.01, 0.2, 0.7), labelReport(1, 0.78), inputReport(2, 1e-9, 0.05, 0.95), labelReport(2, 0.75)],
  alerts: [alert],
  retrainRequests: [],
};

describe('reportModel', () => {
  const model = reportModel(input);
  const charts = (section: ChartSpec[]) => new Map(section.map((c) => [c.title, c]));

  it('ranks features by their alerting statistic, with thresholds from the findings and the config', () => {
    const [section] = model.models[0].inputs;
    assert.deepEqual(section.ranked.map((r) => [r.feature, r.metric, r.windowsCritical, r.windowsWarning, r.warning, r.critical, r.firstBreach]), [
      ['amount', 'ks_p_value', 1, 1, 0.05, 0.001, 1],
      [HOSTILE, 'jensen_shannon_distance', 0, 1, 0.12, 0.2, 1],
    ]);
    assert.equal(section.ranked[0].peak, 1e-9, 'the worst p-value is the lowest');
  });

  it('draws p-values as −log10 p against −log10 of their thresholds, one point per window, at the window start in seconds', () => {
    const amount = model.models[0].inputs[0].driftCharts[0];
    assert.deepEqual(amount.x, [0, 1, 2].map((d) => (START + d * DAY) / 1000));
    assert.equal(amount.unit, 'time');
    const [value, warning, critical] = amount.series;
    assert.deepEqual(value.values.map((v) => Number(v!.toFixed(6))), [0.30103, 2, 9]);
    assert.deepEqual([warning.role, critical.role], ['warning', 'critical']);
    assert.ok(Math.abs(warning.values[0]! - 1.30103) < 1e-5 && Math.abs(critical.values[0]! - 3) < 1e-12);
  });

  it('gives quality, aggregates with anomaly marks, and performance with its bounds and trend marks', () => {
    const quality = charts(model.models[0].inputs[0].qualityCharts).get('Data quality score (share of feature values with no defect)')!;
    assert.deepEqual(quality.series.map((s) => s.role), ['value', 'warning', 'critical', 'alarm']);
    const mean = charts(model.models[0].inputs[0].aggregateCharts).get('Prediction aggregate: prediction_mean')!;
    assert.deepEqual(mean.series[1].values, [null, null, 0.32], 'the anomaly is marked on the window it breached in');
    const performance = charts(model.models[0].performance);
    const accuracy = performance.get('Performance: accuracy')!;
    assert.equal(accuracy.unit, 'pairs');
    assert.deepEqual(accuracy.x, [500, 1000, 1500]);
    assert.deepEqual(accuracy.series.map((s) => [s.role, s.values[0]]), [['value', 0.85], ['warning', 0.8], ['critical', 0.7], ['alarm', null]]);
    assert.deepEqual(accuracy.series[3].values, [null, null, 0.75]);
    assert.ok(performance.has('Performance: precision, recall') && performance.has('Performance: log_loss'));
  });
});

describe('reportModel with estimates and multivariate drift', () => {
  const model = reportModel({
    ...input,
    monitors: parseConfig('monitors:\n  - model: m\n    window: { type: eventTime, size: 1d }\n  - model: mv\n    window: { type: count, size: 500 }\n    multivariate: {}\n', 'inline.yaml').monitors,
    reports: [...input.reports, estimateReport(0, 0.92), estimateReport(1, 0.8), reconstructionReport(0, 1.1), reconstructionReport(1, 1.9)],
  });

  it('charts each estimated metric against its band, ± 3 sampling errors, with breaches marked', () => {
    const m = model.models.find((s) => s.modelId === 'm')!;
    assert.equal(m.estimateWindows, 2);
    const [chart] = m.estimates;
    assert.equal(chart.title, 'Estimated without labels: estimated_roc_auc');
    assert.equal(chart.unit, 'predictions');
    assert.deepEqual(chart.x, [1000, 2000]);
    assert.deepEqual(chart.series.map((s) => [s.label, s.role, s.values.map((v) => (v === null ? null : Number(v.toFixed(6))))]), [
      ['estimated_roc_auc', 'value', [0.92, 0.8]],
      ['− 3 sampling errors', 'extra', [0.89, 0.77]],
      ['+ 3 sampling errors', 'extra', [0.95, 0.83]],
      ['lower band', 'warning', [0.85, 0.85]],
      ['upper band', 'warning', [0.97, 0.97]],
      ['outside its band', 'alarm', [null, 0.8]],
    ]);
  });

  it('charts the reconstruction error against its band in the input section', async () => {
    const [chart] = model.models.find((s) => s.modelId === 'mv')!.inputs[0].multivariateCharts;
    assert.equal(chart.title, 'Multivariate drift: mean PCA reconstruction error');
    assert.deepEqual(chart.series.map((s) => s.label), ['reconstruction_error', '− 3 sampling errors', '+ 3 sampling errors', 'lower band', 'upper band', 'outside its band']);
    assert.deepEqual(chart.series.at(-1)!.values, [null, 1.9]);
    const html = renderReport(model, await loadChartLibrary());
    assert.match(html, /<h3>Performance estimated without labels \(CBPE\)<\/h3>/);
    assert.match(html, /<h3>Multivariate drift<\/h3>/);
  });

  it('places an alert on the stream whose windows it counts', () => {
    assert.equal(alertStream({ detector: 'trend.slope', metric: 'accuracy_slope_change' }), 'labels');
    assert.equal(alertStream({ detector: 'trend.slope', metric: 'estimated_accuracy_slope_change' }), 'estimates');
    assert.equal(alertStream({ detector: 'trend.slope', metric: 'reconstruction_error_slope_change' }), 'predictions');
    assert.equal(alertStream({ detector: 'multivariate.reconstruction', metric: 'reconstruction_error' }), 'predictions');
  });
});

describe('renderReport', async () => {
  const library = await loadChartLibrary();
  const html = renderReport(reportModel(input), library);

  it('escapes every text: feature names, summaries and file names never become markup', () => {
    assert.ok(!html.includes(HOSTILE), 'the hostile feature name appears only escaped');
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.ok(!html.includes(CLOSES));
    assert.equal(html.match(/<script/g)!.length, 3, 'only the data, the chart library and the page script');
    assert.equal(html.match(/<\/script>/g)!.length, 3);
  });

  it('inlines the chart library, the styles and the chart data (nothing to fetch)', () => {
    assert.ok(html.includes(library.script) && html.includes(library.style));
    assert.doesNotMatch(html, /<(script|link)[^>]+(src|href)=/, 'no external script or stylesheet');
    const data = html.match(/<script type="application\/json" id="driftwatch-charts">(.*?)<\/script>/s)![1];
    const specs = JSON.parse(data) as ChartSpec[];
    assert.equal(specs.length, html.match(/class="plot"/g)!.length, 'one container per chart');
    assert.ok(specs.some((s) => s.title.includes(HOSTILE)), 'the hostile name survives inside the JSON as data');
  });

  it('makes JSON safe inside a script element', () => {
    assert.equal(scriptJson({ a: '</script>\u2028' }), '{"a":"\\u003c/script>\\u2028"}');
    assert.deepEqual(JSON.parse(scriptJson({ a: '</script>\u2028' })), { a: '</script>\u2028' });
  });
});
