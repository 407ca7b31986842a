import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { predictionStream } from '../../test/support/predictionStream.ts';
import { seededRandom } from '../../test/support/random.ts';
import type { PredictionEvent } from '../contracts/events.ts';
import { QualityWindow } from '../detectors/quality/qualityWindow.ts';
import { CategoricalWindowState, CountWindowAssigner, EventTimeWindowAssigner, NumericWindowState } from '../detectors/window/index.ts';
import { buildReferenceProfile, type ReferenceProfile } from './referenceProfile.ts';
import { watchedFeatures } from './watchedFeatures.ts';
import { WindowAggregates } from './windowAggregates.ts';
import { WindowPanes, type WindowContents } from './windowPanes.ts';

const rng = seededRandom(11);
const referenceEvents = predictionStream(rng, { modelId: 'm', count: 500 });
const profile = buildReferenceProfile(watchedFeatures(undefined, true, referenceEvents), referenceEvents);

function contents(p: ReferenceProfile): WindowContents {
  return {
    features: p.references.map((r) => (r.kind === 'numeric' ? new NumericWindowState(r) : new CategoricalWindowState(r))),
    quality: new QualityWindow(p.quality),
    aggregates: new WindowAggregates(),
  };
}

function apply(c: WindowContents, event: PredictionEvent): void {
  profile.features.forEach((feature, i) => {
    const state = c.features[i];
    const value = feature.read(event);
    if (state instanceof NumericWindowState) state.update(typeof value === 'number' ? value : null);
    else state.update(value === null || value === undefined ? null : String(value));
  });
  c.quality!.update(event.features);
  c.aggregates.update(event, 'default', 0.5);
}

/** Everything a window report and the detectors read from a window's contents. */
function observable(c: WindowContents) {
  return {
    features: c.features.map((s) => (s instanceof NumericWindowState
      ? { counts: [...s.counts], offsets: [...s.offsets].map((o) => o.toPrecision(12)), count: s.count, missing: s.missing, min: s.min, max: s.max, mean: s.mean.toPrecision(12) }
      : { counts: s.countsByCategory(), missing: s.missing })),
    quality: Object.fromEntries([...c.quality!.featureCounts()].sort(([a], [b]) => a.localeCompare(b))),
    events: c.quality!.events,
    aggregates: c.aggregates.toJSON().map((v) => v?.toPrecision(12) ?? null),
  };
}

/** Events with a missing value, a NaN and a feature outside the reference now and then. */
function streamWithGaps(count: number, from: number): PredictionEvent[] {
  return predictionStream(rng, { modelId: 'm', count, from }).map((e, i) => {
    if (i % 17 === 0) return { ...e, features: { ...e.features, age: null } };
    if (i % 23 === 0) return { ...e, features: { ...e.features, income: Number.NaN, extra: 'x' } };
    return e;
  });
}

describe('WindowPanes', () => {
  it('hopping count windows: each closed window holds what applying every event to every window gives', () => {
    const window = { size: 60, hop: 45 };
    const assigner = new CountWindowAssigner(window);
    const panes = new WindowPanes(window, () => contents(profile));
    const direct = new Map<number, WindowContents>();
    let closed = 0;
    for (const event of streamWithGaps(1000, 500)) {
      const { sequence, windows, closed: spans } = assigner.assign();
      for (const w of windows) {
        if (!direct.has(w.start)) direct.set(w.start, contents(profile));
        apply(direct.get(w.start)!, event);
      }
      apply(panes.paneFor(sequence), event);
      for (const span of spans) {
        assert.deepEqual(observable(panes.close(span)!), observable(direct.get(span.start)!), `window [${span.start}, ${span.end})`);
        direct.delete(span.start);
        closed++;
      }
    }
    assert.equal(closed, Math.floor((1000 - 60) / 45) + 1);
    assert.ok([...panes.entries()].length <= (60 + 45) / 15, 'only the panes open windows need are kept');
  });

  it('event-time windows with gaps and late events: the same, and windows without events are not reported', () => {
    const window = { size: 100_000, hop: 25_000, allowedLateness: 30_000 };
    const assigner = new EventTimeWindowAssigner(window);
    const panes = new WindowPanes(window, () => contents(profile));
    const direct = new Map<number, WindowContents>();
    let closed = 0;
    const events = streamWithGaps(1500, 2000).map((e, i) => ({
      ...e,
      // A silent stretch (whole windows without events); every 7th event too late for some of its windows,
      // every 11th too late for all of them.
      timestamp: e.timestamp + (i > 700 ? 400_000 : 0) - (i % 11 === 0 ? 150_000 : i % 7 === 0 ? 40_000 : 0),
    }));
    const check = (spans: { start: number; end: number }[]) => {
      for (const span of spans) {
        assert.deepEqual(observable(panes.close(span)!), observable(direct.get(span.start)!), `window [${span.start}, ${span.end})`);
        direct.delete(span.start);
        closed++;
      }
    };
    for (const event of events) {
      const { windows, late, closed: spans } = assigner.assign(event.timestamp);
      for (const w of windows) {
        if (!direct.has(w.start)) direct.set(w.start, contents(profile));
        apply(direct.get(w.start)!, event);
      }
      if (!late) apply(panes.paneFor(event.timestamp), event);
      check(spans);
    }
    check(assigner.flush());
    assert.ok(assigner.lateEvents > 0, 'some events were late');
    assert.equal(direct.size, 0);
    assert.ok(closed > 60, `${closed} windows compared`);
  });

  it('tumbling windows are their own pane: nothing merged, nothing kept after the close', () => {
    const panes = new WindowPanes({ size: 10 }, () => contents(profile));
    const first = panes.paneFor(3);
    assert.equal(panes.paneFor(9), first);
    assert.equal(panes.close({ start: 0, end: 10 }), first);
    assert.deepEqual([...panes.entries()], []);
    assert.equal(panes.close({ start: 10, end: 20 }), undefined, 'a window without events has no contents');
  });
});
