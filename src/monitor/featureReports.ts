import type { FeatureWindowReport } from '../contracts/reports.ts';
import { NumericWindowState } from '../detectors/window/index.ts';
import type { ReferenceProfile } from './referenceProfile.ts';
import { snakeCase } from './snakeCase.ts';
import type { WindowContents } from './windowPanes.ts';

/** Per-feature metrics of a closed window for its report: counts, moments, unseen share and data-quality shares. */
export function featureReports(profile: ReferenceProfile, window: WindowContents): FeatureWindowReport[] {
  return profile.features.map((feature, i) => {
    const state = window.features[i];
    const metrics: Record<string, number> = { count: state.total };
    if (state instanceof NumericWindowState) {
      metrics.values = state.count;
      metrics.missing = state.missing;
      if (state.count > 0) {
        metrics.mean = state.mean;
        metrics.std = Math.sqrt(state.variance);
        metrics.min = state.min;
        metrics.max = state.max;
      }
    } else {
      metrics.unseen_share = state.unseenShare;
    }
    if (window.quality && !feature.name.startsWith('prediction.')) {
      for (const [name, value] of Object.entries(window.quality.shares(feature.name) ?? {})) {
        if (name !== 'score' && Number.isFinite(value)) metrics[`${snakeCase(name)}_share`] = value;
      }
    }
    return { feature: feature.name, kind: feature.kind, metrics };
  });
}
