import { chiSquareOfWindow, jensenShannonOfWindow } from '../window/categoricalStatistics.ts';
import { ksStatistic, normalisedWasserstein, psiBinsChiSquare, psiOfWindow } from '../window/numericStatistics.ts';
import type { BuiltInDriftTestName, DriftTest, FeatureKind } from './driftTest.ts';

/**
 * The drift tests driftwatch ships, with their default thresholds; `driftTests` (registry.ts) holds them
 * and any a library registers.
 *
 * Effect sizes (PSI, Wasserstein, Jensen–Shannon) carry a sampling bias that grows with the number of
 * bins or categories and shrinks with window size: over 60 long-tailed categories and 1,000-event
 * windows, no-drift JS distance is ≈ 0.11, above its 0.1 band. So each has a significance gate (the
 * matching homogeneity test on the same counts): a crossing alerts only if the gate's p-value is also
 * below the detector's significance level (default 1e-4). Real drift past these bands is far more
 * significant than that (JS 0.1 over 5 categories and 1,000 events: p ≈ 1e-10), so the gate costs
 * almost no power; it removes alarms from small windows and high-cardinality features.
 *
 * - psi — warning 0.1, critical 0.25: the industry convention (and pinned in DESIGN). Under no drift
 *   PSI is about (bins − 1)·(1/n + 1/N): ≈ 0.01 for 1,000-event windows and 10 bins.
 * - ks — p < 0.05 warning, p < 0.001 critical: the usual significance level (Evidently's too) and a
 *   strong-evidence level. Raw p-values (scipy ks_2samp, method per DriftDetectorOptions.ksMethod);
 *   Benjamini–Hochberg across features runs in the alert policy, which reads Finding.pValue. With large windows KS flags effects too small to matter, hence not
 *   the default.
 * - wasserstein_norm — W1 / reference std (population, floored at 0.001 as Evidently): warning 0.1
 *   (Evidently's default), critical 0.2. A mean shift of d·σ gives d; no-drift noise for 1,000-event
 *   windows is ≈ 0.03.
 * - chi_square — p < 0.05 warning, p < 0.001 critical, as KS.
 * - jensen_shannon — distance, base 2, in [0, 1]: warning 0.1, critical 0.2. Evidently's 0.1 is in natural-log
 *   units (base 2 × √ln 2), so this 0.1 is Evidently's 0.083: about 1.2× stricter.
 *   No-drift noise for 1,000-event windows over a handful of categories is ≈ 0.03.
 * - unseen_share — share of window values in categories the reference never saw: warning 0.01,
 *   critical 0.05 (1% of traffic in new categories is worth a look; 5% means the encoding changed).
 *
 * The effect sizes are calibratable (calibration.ts); the p-value tests are not.
 */
export const DRIFT_TESTS: Readonly<Record<BuiltInDriftTestName, DriftTest>> = Object.freeze({
  psi: {
    name: 'psi', metric: 'psi', label: 'PSI', kind: 'numeric', direction: 'higher_is_worse',
    thresholds: { warning: 0.1, critical: 0.25 }, calibratable: true,
    compute: (reference, window) => ({ value: psiOfWindow(reference, window), details: { bins: reference.psiCounts.length } }),
    significance: { label: 'chi-square over the PSI bins', pValue: (reference, window) => psiBinsChiSquare(reference, window).pValue },
  },
  ks: {
    name: 'ks', metric: 'ks_p_value', label: 'KS p-value', kind: 'numeric', direction: 'p_value',
    thresholds: { warning: 0.05, critical: 0.001 }, calibratable: false,
    compute: (reference, window, context) => {
      const statistic = ksStatistic(reference, window);
      const pValue = context.ksPValue(statistic, reference.n, window.count);
      return { value: pValue, pValue, details: { statistic } };
    },
  },
  wasserstein_norm: {
    name: 'wasserstein_norm', metric: 'wasserstein_norm', label: 'normalised Wasserstein distance', kind: 'numeric',
    direction: 'higher_is_worse',
    thresholds: { warning: 0.1, critical: 0.2 }, calibratable: true,
    compute: (reference, window) => {
      const { value, errorBound } = normalisedWasserstein(reference, window);
      return { value, details: { error_bound: errorBound, reference_std: reference.std } };
    },
    significance: { label: 'KS', pValue: (reference, window, context) => context.ksPValue(ksStatistic(reference, window), reference.n, window.count) },
  },
  chi_square: {
    name: 'chi_square', metric: 'chi_square_p_value', label: 'chi-square p-value', kind: 'categorical', direction: 'p_value',
    thresholds: { warning: 0.05, critical: 0.001 }, calibratable: false,
    compute: (reference, window) => {
      const { statistic, pValue, dof } = chiSquareOfWindow(reference, window);
      return { value: pValue, pValue, details: { statistic, dof } };
    },
  },
  jensen_shannon: {
    name: 'jensen_shannon', metric: 'jensen_shannon_distance', label: 'Jensen–Shannon distance', kind: 'categorical',
    direction: 'higher_is_worse',
    thresholds: { warning: 0.1, critical: 0.2 }, calibratable: true,
    compute: (reference, window) => ({ value: jensenShannonOfWindow(reference, window) }),
    significance: { label: 'chi-square', pValue: (reference, window) => chiSquareOfWindow(reference, window).pValue },
  },
  unseen_share: {
    name: 'unseen_share', metric: 'unseen_share', label: 'share of unseen categories', kind: 'categorical',
    direction: 'higher_is_worse',
    thresholds: { warning: 0.01, critical: 0.05 }, calibratable: true,
    compute: (_reference, window) => ({ value: window.unseenShare, details: { unseen_count: window.unseenCount } }),
  },
});

/**
 * Default alerting method per feature type; the other tests are computed and reported (a crossing
 * shows as severity 'info') but do not alert unless configured to.
 *
 * - Numeric → PSI. An effect size, not a test: its no-drift value shrinks as windows grow, so a fixed
 *   threshold means the same thing for 1,000 or 1,000,000 events, where KS p-values flag every
 *   harmless wiggle in large windows. It sees changes in shape and spread as well as location, needs
 *   no distributional assumption, and its 0.1 / 0.25 bands are what risk and ML teams already read.
 * - Categorical → Jensen–Shannon distance. Bounded in [0, 1], symmetric, defined when a category is
 *   absent on one side (new or vanished categories), and, like PSI, an effect size whose meaning does
 *   not change with window size; the chi-square p-value goes to 0 for tiny shifts in big windows.
 */
export const DEFAULT_DRIFT_METHOD: Readonly<Record<FeatureKind, BuiltInDriftTestName>> = Object.freeze({
  numeric: 'psi',
  categorical: 'jensen_shannon',
});
