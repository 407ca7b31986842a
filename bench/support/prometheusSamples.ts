/**
 * Prometheus text exposition → flat samples, parsed by parse-prometheus-text-format. That parser folds a
 * histogram or summary family into ONE sample without labels (prom-client's labelled histograms, e.g.
 * driftwatch_batch_duration_seconds{stage}, would lose their stages, sums and counts), so the `# TYPE`/`# HELP`
 * lines of those families are dropped first: their `_bucket`, `_sum` and `_count` series then parse as
 * untyped samples with their labels.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface ParsedFamily {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; sum?: string; count?: string }[];
}

export function parseSamples(text: string): Sample[] {
  const folded = new Set([...text.matchAll(/^# TYPE (\S+) (?:histogram|summary)$/gm)].map((m) => m[1]));
  const lines = text.split('\n').filter((line) => !/^# (?:TYPE|HELP) /.test(line) || !folded.has(line.split(' ')[2]));
  const out: Sample[] = [];
  for (const family of parsePrometheusTextFormat(lines.join('\n')) as ParsedFamily[]) {
    for (const m of family.metrics) {
      const labels = m.labels ?? {};
      if (m.value !== undefined) out.push({ name: family.name, labels, value: Number(m.value) });
      if (m.sum !== undefined) out.push({ name: `${family.name}_sum`, labels, value: Number(m.sum) });
      if (m.count !== undefined) out.push({ name: `${family.name}_count`, labels, value: Number(m.count) });
    }
  }
  return out;
}

const keyOf = (s: Sample) => `${s.name}${JSON.stringify(s.labels)}`;

/** `end - start` per series (a series missing at the start counts from 0). */
export function sampleDelta(end: Sample[], start: Sample[]): Sample[] {
  const before = new Map(start.map((s) => [keyOf(s), s.value]));
  return end.map((s) => ({ ...s, value: s.value - (before.get(keyOf(s)) ?? 0) }));
}

/** Sum over every sample of `name` whose labels include all of `labels`, over one or more scrapes. */
export function sumOf(scrapes: Sample[][], name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const samples of scrapes) {
    for (const s of samples) {
      if (s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)) total += s.value;
    }
  }
  return total;
}

export async function scrapeSamples(port: number): Promise<Sample[]> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`/metrics on port ${port} answered ${response.status}`);
  return parseSamples(await response.text());
}
