import type { MonitorConfig } from '../../config/configSchema.ts';
import { ESTIMATED_METRICS, REALIZED_METRICS } from '../../config/performanceBandsSchema.ts';
import type { AlertRecord, Segment } from '../../contracts/events.ts';
import type { ReportFinding, ReportStream, RetrainRequestRecord, WindowReportRecord } from '../../contracts/reports.ts';
import { driftTests, type DriftTest, type DriftTestName } from '../../detectors/drift/registry.ts';
import { alertStream, windowUnitOf, type WindowUnit } from '../windowLabels.ts';

/** Everything a replay produced, and where it came from: what the HTML report is built from. */
export interface HtmlReportInput {
  monitors: readonly MonitorConfig[];
  source: { config: string; events: string; labels?: string };
  counts: { events: number; labels: number; joined: number; orphan: number; late: number; skipped: number };
  reports: readonly WindowReportRecord[];
  alerts: readonly AlertRecord[];
  retrainRequests: readonly RetrainRequestRecord[];
}

export type SeriesRole = 'value' | 'warning' | 'critical' | 'alarm' | 'extra';

export interface ChartSeries {
  label: string;
  role: SeriesRole;
  /** One per x; null where the window has no value. */
  values: (number | null)[];
}

/** One chart: what the page's script hands to uPlot. */
export interface ChartSpec {
  id: string;
  title: string;
  /** x axis: event time (values in seconds, as uPlot's time scale wants), event positions or labelled pairs. */
  unit: WindowUnit;
  x: number[];
  yLabel: string;
  series: ChartSeries[];
}

export interface RankedFeature {
  feature: string;
  kind: 'numeric' | 'categorical';
  metric: string;
  /** Worst value over the windows (highest statistic, lowest p-value), and the last window's. */
  peak: number;
  last: number;
  warning: number | undefined;
  critical: number | undefined;
  windowsWarning: number;
  windowsCritical: number;
  windows: number;
  /** Index (in the section's windows) of the first breach, if any. */
  firstBreach: number | undefined;
  /** How far past its warning threshold the worst window went (1 = at the threshold); ranks the features. */
  severityRatio: number;
}

export interface InputSection {
  stream: 'predictions' | 'features';
  unit: WindowUnit;
  windows: { start: number; end: number; count: number }[];
  ranked: RankedFeature[];
  driftCharts: ChartSpec[];
  qualityCharts: ChartSpec[];
  aggregateCharts: ChartSpec[];
  /** multivariate: the mean reconstruction error against its band (empty without it). */
  multivariateCharts: ChartSpec[];
}

export interface ModelSection {
  modelId: string;
  modelVersion: string;
  /** A segment's section (config `segments`); absent for the whole population. */
  segment?: Segment;
  inputs: InputSection[];
  performance: ChartSpec[];
  performanceWindows: number;
  /** performance.estimate: the estimated metrics per window of scored predictions, against their bands. */
  estimates: ChartSpec[];
  estimateWindows: number;
}

export interface ReportModel {
  title: string;
  source: HtmlReportInput['source'];
  counts: HtmlReportInput['counts'];
  period: { unit: WindowUnit; start: number; end: number } | undefined;
  models: ModelSection[];
  alerts: { alert: AlertRecord; unit: WindowUnit }[];
  retrainRequests: RetrainRequestRecord[];
  alertsByDetector: { detector: string; firing: number; critical: number; warning: number; info: number; resolved: number }[];
}

const UNIT_SCALE_METRICS: ReadonlySet<string> = new Set(['accuracy', 'precision', 'recall', 'f1', 'roc_auc']);
const AGGREGATES = ['prediction_mean', 'positive_rate', 'latency_mean', 'volume'] as const;

/**
 * The report's content, computed from the replay's outputs alone (and the config for the alerting metric and
 * the configured bounds): a pure function, so the same outputs always give the same report.
 */
export function reportModel(input: HtmlReportInput): ReportModel {
  const groups = new Map<string, { modelId: string; modelVersion: string; segment: Segment | undefined; byStream: Map<ReportStream, WindowReportRecord[]> }>();
  for (const r of input.reports) {
    const key = JSON.stringify([r.model_id, r.model_version, r.segment?.attribute ?? null, r.segment?.value ?? null]);
    let group = groups.get(key);
    if (!group) {
      group = { modelId: r.model_id, modelVersion: r.model_version, segment: r.segment ?? undefined, byStream: new Map() };
      groups.set(key, group);
    }
    const list = group.byStream.get(r.stream) ?? [];
    list.push(r);
    group.byStream.set(r.stream, list);
  }
  let chartCount = 0;
  const nextId = () => `chart-${++chartCount}`;
  const models: ModelSection[] = [];
  for (const group of groups.values()) {
    const monitor = input.monitors.find((m) => m.model === group.modelId);
    const inputs: InputSection[] = [];
    for (const stream of ['predictions', 'features'] as const) {
      const reports = group.byStream.get(stream);
      if (reports) inputs.push(inputSection(stream, reports, monitor, windowUnitOf(input.monitors, group.modelId, stream), nextId));
    }
    const labelled = group.byStream.get('labels') ?? [];
    const estimated = group.byStream.get('estimates') ?? [];
    models.push({
      modelId: group.modelId, modelVersion: group.modelVersion, ...(group.segment ? { segment: group.segment } : {}), inputs,
      performance: labelled.length > 0 ? performanceCharts(labelled, monitor, nextId) : [], performanceWindows: labelled.length,
      estimates: estimateCharts(estimated, nextId), estimateWindows: estimated.length,
    });
  }
  const timed = input.reports.filter((r) => r.stream === 'predictions' || r.stream === 'features');
  const unit = timed.length > 0 ? windowUnitOf(input.monitors, timed[0].model_id, timed[0].stream) : undefined;
  const detectors = new Map<string, ReportModel['alertsByDetector'][number]>();
  for (const a of input.alerts) {
    let d = detectors.get(a.detector);
    if (!d) {
      d = { detector: a.detector, firing: 0, critical: 0, warning: 0, info: 0, resolved: 0 };
      detectors.set(a.detector, d);
    }
    if (a.status === 'resolved') d.resolved++;
    else {
      d.firing++;
      d[a.severity]++;
    }
  }
  const modelNames = [...new Set(models.map((m) => m.modelId))];
  return {
    title: `driftwatch report: ${modelNames.join(', ') || 'no window closed'}`,
    source: input.source,
    counts: input.counts,
    period: unit && timed.length > 0
      ? { unit, start: Math.min(...timed.map((r) => r.window.start)), end: Math.max(...timed.map((r) => r.window.end)) }
      : undefined,
    models,
    alerts: input.alerts.map((alert) => ({ alert, unit: alertUnit(input, alert) })),
    retrainRequests: [...input.retrainRequests],
    alertsByDetector: [...detectors.values()].sort((a, b) => b.critical - a.critical || b.firing - a.firing || (a.detector < b.detector ? -1 : 1)),
  };
}

/** Which windows an alert's bounds count: a performance or trend alert counts labelled pairs. */
function alertUnit(input: HtmlReportInput, alert: AlertRecord): WindowUnit {
  return windowUnitOf(input.monitors, alert.model_id, alertStream(alert));
}

function xOf(window: { start: number; end: number }, unit: WindowUnit): number {
  // Event-time windows are placed at their start (a day's window reads as that day), in seconds for uPlot;
  // count windows at their end (how many events or pairs had been seen).
  return unit === 'time' ? window.start / 1000 : window.end;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function findingOf(report: WindowReportRecord, detector: string, feature: string | null, metric?: string): ReportFinding | undefined {
  return report.findings.find((f) => f.detector === detector && f.feature === feature && (metric === undefined || f.metric === metric));
}

function breached(f: ReportFinding | undefined): boolean {
  return f !== undefined && (f.severity === 'warning' || f.severity === 'critical');
}

function inputSection(
  stream: 'predictions' | 'features', reports: WindowReportRecord[], monitor: MonitorConfig | undefined, unit: WindowUnit, nextId: () => string,
): InputSection {
  const x = reports.map((r) => xOf(r.window, unit));
  const features = new Map<string, 'numeric' | 'categorical'>();
  for (const r of reports) for (const f of r.features) if (!features.has(f.feature)) features.set(f.feature, f.kind);
  const ranked: RankedFeature[] = [];
  const driftSeries = new Map<string, ChartSeries[]>();
  for (const [feature, kind] of features) {
    const method: DriftTestName = monitor?.drift[kind]?.method ?? driftTests.defaultMethod(kind).name;
    const test = driftTests.require(method, kind);
    const detector = `drift.${method}`;
    const findings = reports.map((r) => findingOf(r, detector, feature, test.metric));
    const judged = findings.filter((f): f is ReportFinding => f !== undefined && Number.isFinite(f.value));
    if (judged.length === 0) continue;
    const configured = monitor?.drift[kind];
    const calibrated = monitor?.drift.calibrate ?? false;
    const warning = judged.find((f) => f.severity !== 'critical')?.threshold ?? configured?.warning ?? (calibrated ? undefined : test.thresholds.warning);
    const critical = judged.find((f) => f.severity === 'critical')?.threshold ?? configured?.critical ?? (calibrated ? undefined : test.thresholds.critical);
    const pValue = test.direction === 'p_value';
    // p-values are drawn as −log10 p, so that up is worse for every statistic.
    const shown = (v: number | undefined) => (v === undefined ? null : pValue ? Math.min(300, -Math.log10(Math.max(v, 1e-300))) : finite(v));
    const series: ChartSeries[] = [{ label: pValue ? `−log10 ${test.metric}` : test.metric, role: 'value', values: findings.map((f) => shown(f?.value)) }];
    if (warning !== undefined) series.push({ label: `warning ${warning}`, role: 'warning', values: x.map(() => shown(warning)) });
    if (critical !== undefined) series.push({ label: `critical ${critical}`, role: 'critical', values: x.map(() => shown(critical)) });
    driftSeries.set(feature, series);
    const worst = pValue ? Math.min(...judged.map((f) => f.value)) : Math.max(...judged.map((f) => f.value));
    const firstBreach = findings.findIndex(breached);
    ranked.push({
      feature, kind, metric: test.metric, peak: worst, last: judged[judged.length - 1].value, warning, critical,
      windowsWarning: findings.filter((f) => f?.severity === 'warning').length,
      windowsCritical: findings.filter((f) => f?.severity === 'critical').length,
      windows: judged.length,
      firstBreach: firstBreach === -1 ? undefined : firstBreach,
      severityRatio: warning === undefined || warning === 0 ? 0 : pValue ? Math.log(Math.max(worst, 1e-300)) / Math.log(warning) : worst / warning,
    });
  }
  ranked.sort((a, b) => b.windowsCritical - a.windowsCritical || b.windowsWarning - a.windowsWarning || b.severityRatio - a.severityRatio || (a.feature < b.feature ? -1 : 1));
  const driftCharts = ranked.map((r): ChartSpec => ({
    id: nextId(), title: `${r.feature} (${r.kind}): ${r.metric}`, unit, x, yLabel: metricTest(r.metric).direction === 'p_value' ? '−log10 p' : r.metric, series: driftSeries.get(r.feature)!,
  }));
  return {
    stream, unit, windows: reports.map((r) => r.window), ranked, driftCharts, qualityCharts: qualityCharts(reports, monitor, unit, x, nextId), aggregateCharts: aggregateCharts(reports, unit, x, nextId),
    multivariateCharts: bandedChart(reports, 'multivariate.reconstruction', 'reconstruction_error', 'Multivariate drift: mean PCA reconstruction error', unit, nextId),
  };
}

function metricTest(metric: string): DriftTest {
  return driftTests.byMetric(metric)!;
}

function qualityCharts(reports: WindowReportRecord[], monitor: MonitorConfig | undefined, unit: WindowUnit, x: number[], nextId: () => string): ChartSpec[] {
  const charts: ChartSpec[] = [];
  const scores = reports.map((r) => finite(r.model_metrics.quality_score));
  if (scores.some((s) => s !== null)) {
    const bounds = monitor?.quality.score ?? { warning: 0.8, critical: 0.5 };
    const series: ChartSeries[] = [
      { label: 'quality score', role: 'value', values: scores },
      { label: `warning ${bounds.warning}`, role: 'warning', values: x.map(() => bounds.warning) },
    ];
    if (bounds.critical !== undefined) series.push({ label: `critical ${bounds.critical}`, role: 'critical', values: x.map(() => bounds.critical!) });
    series.push({ label: 'schema change', role: 'alarm', values: reports.map((r) => (breached(findingOf(r, 'quality.schema_change', null)) ? finite(r.model_metrics.quality_score) : null)) });
    charts.push({ id: nextId(), title: 'Data quality score (share of feature values with no defect)', unit, x, yLabel: 'score', series });
  }
  // Every share check that breached in some window, as its own line: what went wrong, in which feature.
  const breaches = new Map<string, ChartSeries>();
  for (const r of reports) {
    for (const f of r.findings) {
      if (f.detector !== 'quality.share' || !breached(f)) continue;
      const label = `${f.feature}: ${f.metric}`;
      if (!breaches.has(label)) breaches.set(label, { label, role: 'extra', values: reports.map((other) => finite(findingOf(other, 'quality.share', f.feature, f.metric)?.value)) });
    }
  }
  if (breaches.size > 0) charts.push({ id: nextId(), title: 'Data quality checks that breached (share of events)', unit, x, yLabel: 'share', series: [...breaches.values()] });
  return charts;
}

function aggregateCharts(reports: WindowReportRecord[], unit: WindowUnit, x: number[], nextId: () => string): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const name of AGGREGATES) {
    const values = reports.map((r) => finite(r.model_metrics[name]));
    if (values.every((v) => v === null)) continue;
    const anomalies = reports.map((r) => r.findings.find((f) => f.detector.startsWith('anomaly.') && f.metric.startsWith(`${name}_`)));
    const series: ChartSeries[] = [{ label: name, role: 'value', values }];
    if (anomalies.some((f) => f !== undefined)) {
      series.push({ label: `anomaly (${anomalies.find((f) => f)!.detector})`, role: 'alarm', values: reports.map((r, i) => (breached(anomalies[i]) ? values[i] : null)) });
    }
    charts.push({ id: nextId(), title: `Prediction aggregate: ${name}`, unit, x, yLabel: name, series });
  }
  return charts;
}

function performanceCharts(reports: WindowReportRecord[], monitor: MonitorConfig | undefined, nextId: () => string): ChartSpec[] {
  const unit: WindowUnit = 'pairs';
  const x = reports.map((r) => xOf(r.window, unit));
  const present = REALIZED_METRICS.filter((m) => reports.some((r) => finite(r.model_metrics[m]) !== null));
  const thresholds = monitor?.performance?.thresholds ?? {};
  const trendMetrics = monitor?.performance?.trendMetrics ?? [monitor?.performance?.task === 'regression' ? 'mae' : 'accuracy'];
  const charts: ChartSpec[] = [];
  const alone = present.filter((m) => thresholds[m] !== undefined || trendMetrics.includes(m));
  for (const metric of alone) {
    const values = reports.map((r) => finite(r.model_metrics[metric]));
    const series: ChartSeries[] = [{ label: metric, role: 'value', values }];
    const bounds = thresholds[metric];
    if (bounds) {
      series.push({ label: `warning ${bounds.warning}`, role: 'warning', values: x.map(() => bounds.warning) });
      if (bounds.critical !== undefined) series.push({ label: `critical ${bounds.critical}`, role: 'critical', values: x.map(() => bounds.critical!) });
    }
    if (trendMetrics.includes(metric)) {
      const trend = reports.map((r) => r.findings.some((f) => f.detector.startsWith('trend.') && f.metric.startsWith(metric) && breached(f)));
      series.push({ label: 'trend detector signals', role: 'alarm', values: values.map((v, i) => (trend[i] ? v : null)) });
    }
    charts.push({ id: nextId(), title: `Performance: ${metric}`, unit, x, yLabel: metric, series });
  }
  const rest = present.filter((m) => !alone.includes(m));
  const unitScale = rest.filter((m) => UNIT_SCALE_METRICS.has(m));
  if (unitScale.length > 0) {
    charts.push({
      id: nextId(), title: `Performance: ${unitScale.join(', ')}`, unit, x, yLabel: 'metric',
      series: unitScale.map((m) => ({ label: m, role: 'extra' as const, values: reports.map((r) => finite(r.model_metrics[m])) })),
    });
  }
  for (const metric of rest.filter((m) => !UNIT_SCALE_METRICS.has(m))) {
    charts.push({ id: nextId(), title: `Performance: ${metric}`, unit, x, yLabel: metric, series: [{ label: metric, role: 'value', values: reports.map((r) => finite(r.model_metrics[metric])) }] });
  }
  return charts;
}

/** One chart per estimated metric a window reported, against its band. */
function estimateCharts(reports: WindowReportRecord[], nextId: () => string): ChartSpec[] {
  const metrics = ESTIMATED_METRICS.filter((m) => reports.some((r) => finite(r.model_metrics[m]) !== null));
  return metrics.flatMap((metric) => bandedChart(reports, 'performance.band', metric, `Estimated without labels: ${metric}`, 'predictions', nextId));
}

/**
 * A metric's per-window value with ± 3 sampling errors (when reported) and the band its `detector` findings
 * judged it by (their details' lower and upper), circles where it breached; none when no window has the metric.
 */
function bandedChart(reports: WindowReportRecord[], detector: string, metric: string, title: string, unit: WindowUnit, nextId: () => string): ChartSpec[] {
  const values = reports.map((r) => finite(r.model_metrics[metric]));
  if (values.every((v) => v === null)) return [];
  const x = reports.map((r) => xOf(r.window, unit));
  const findings = reports.map((r) => findingOf(r, detector, null, metric));
  const bound = (side: 'lower' | 'upper') => findings.map((f) => finite(f?.details?.[side]));
  const series: ChartSeries[] = [{ label: metric, role: 'value', values }];
  const errors = reports.map((r) => finite(r.model_metrics[`${metric}_sampling_error`]));
  if (errors.some((e) => e !== null)) {
    series.push({ label: '− 3 sampling errors', role: 'extra', values: values.map((v, i) => (v === null || errors[i] === null ? null : v - 3 * errors[i]!)) });
    series.push({ label: '+ 3 sampling errors', role: 'extra', values: values.map((v, i) => (v === null || errors[i] === null ? null : v + 3 * errors[i]!)) });
  }
  for (const side of ['lower', 'upper'] as const) {
    const line = bound(side);
    if (line.some((v) => v !== null)) series.push({ label: `${side} band`, role: 'warning', values: line });
  }
  if (findings.some(breached)) series.push({ label: 'outside its band', role: 'alarm', values: values.map((v, i) => (breached(findings[i]) ? v : null)) });
  return [{ id: nextId(), title, unit, x, yLabel: metric, series }];
}
