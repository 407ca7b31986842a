/** Summary of a .cpuprofile written by `node --cpu-prof`: top self time, project functions' inclusive time, self time by package. */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function frameLabel(frame: ProfileNode['callFrame']): { name: string; where: string; area: string } {
  const name = frame.functionName || (frame.url ? '(anonymous)' : '');
  if (!frame.url) return { name: name || '(native)', where: '', area: name.startsWith('(') ? name : 'native / builtins' };
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length);
    const parts = rest.split('/');
    const pkg = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    return { name, where: `${rest}:${frame.lineNumber + 1}`, area: pkg };
  }
  if (path.startsWith('node:')) return { name, where: `${path}:${frame.lineNumber + 1}`, area: 'node internals' };
  const rel = relative(ROOT, path);
  return { name, where: `${rel}:${frame.lineNumber + 1}`, area: rel.split('/').slice(0, 2).join('/') };
}

/** Top self-time functions, inclusive time of the project's own functions, and self time by package/area. */
export function summariseCpuProfile(profile: CpuProfile, top = 10) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const labels = new Map<string, { name: string; where: string }>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id)!;
    const label = frameLabel(node.callFrame);
    if (label.name === '(idle)') idle += us;
    const key = `${label.name} ${label.where}`;
    labels.set(key, label);
    self.set(key, (self.get(key) ?? 0) + us);
    areas.set(label.area, (areas.get(label.area) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = frameLabel(byId.get(at)!.callFrame);
      const k = `${l.name} ${l.where}`;
      if (seen.has(k)) continue;
      seen.add(k);
      labels.set(k, l);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  });
  const busy = total - idle;
  const row = (key: string, us: number) => ({ function: labels.get(key)!.name, where: labels.get(key)!.where, ms: Math.round(us / 1000), pctOfBusy: round((100 * us) / busy, 1) });
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    sampledSeconds: round(total / 1e6, 1),
    busySeconds: round(busy / 1e6, 1),
    idleSeconds: round(idle / 1e6, 1),
    topSelf: sorted(self).filter(([k]) => labels.get(k)!.name !== '(idle)').slice(0, top).map(([k, us]) => row(k, us)),
    selfByArea: sorted(areas).filter(([a]) => a !== '(idle)').slice(0, 14).map(([area, us]) => ({ area, ms: Math.round(us / 1000), pctOfBusy: round((100 * us) / busy, 1) })),
    inclusiveProjectFunctions: sorted(inclusive).filter(([k]) => /^(src|bench|test)\//.test(labels.get(k)!.where)).slice(0, 20).map(([k, us]) => row(k, us)),
    inclusiveDependencyEntryPoints: sorted(inclusive)
      .filter(([k]) => /^(kafkajs|avsc|ioredis|@kafkajs|prom-client|pino)\//.test(labels.get(k)!.where) && /^(decode|fromBuffer|_read|schema|_attrs|send|sendCommand|fetch|parse|crc32C|decodeMessages|decodeMessage|commitOffsets)$/.test(labels.get(k)!.name))
      .slice(0, 12).map(([k, us]) => row(k, us)),
  };
}


function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}
