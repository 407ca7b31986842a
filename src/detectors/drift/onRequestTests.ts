import { jensenShannon } from '../stats/jensenShannon.ts';
import { psiFromCounts } from '../stats/psiFromCounts.ts';
import { alignedRows, chiSquareOfWindow } from '../window/categoricalStatistics.ts';
import { ksStatistic, psiBinCounts, psiBinsChiSquare } from '../window/numericStatistics.ts';
import { yatesChiSquareFromRows } from '../window/yatesChiSquare.ts';
import type { DriftTest, OnRequestDriftTestName } from './driftTest.ts';

/**
 * Built-in tests computed only when a detector or config names them (onRequest): the statistics peers
 * alert on that the default set does not, registered in `driftTests` beside the others.
 *
 * - ks_statistic — the KS D itself (scipy ks_2samp's statistic, exact as `ks`'s): warning 0.1, critical 0.2
 *   fixed; NannyML's default rule is D calibrated (mean + 3σ of the reference chunks). No gate: D's
 *   p-value is a function of D and the sizes, so a gate would be a second threshold on the same number.
 * - jensen_shannon_numeric — Jensen–Shannon distance (base 2) over the reference-quantile PSI bins:
 *   warning 0.1, critical 0.2 as categorical JS; gate: chi-square over the PSI bins. NannyML and Evidently
 *   bin numeric JS their own ways (histogram edges), so values differ from theirs; the rule carries over.
 * - psi_categorical — PSI over category shares (zero share → 1e-4, natural log), Evidently's categorical
 *   PSI: warning 0.1, critical 0.25 as numeric PSI; gate: chi-square.
 * - chi_square_yates — chi-square p-value with Yates' continuity correction when two categories are present
 *   (scipy chi2_contingency's correction=True, NannyML's choice): p < 0.05 warning, p < 0.001 critical.
 */
export const ON_REQUEST_DRIFT_TESTS: Readonly<Record<OnRequestDriftTestName, DriftTest>> = Object.freeze({
  ks_statistic: {
    name: 'ks_statistic', metric: 'ks_statistic', label: 'KS statistic D', kind: 'numeric', direction: 'higher_is_worse',
    thresholds: { warning: 0.1, critical: 0.2 }, calibratable: true, onRequest: true,
    compute: (reference, window) => ({ value: ksStatistic(reference, window) }),
  },
  jensen_shannon_numeric: {
    name: 'jensen_shannon_numeric', metric: 'jensen_shannon_numeric', label: 'Jensen–Shannon distance over the PSI bins', kind: 'numeric',
    direction: 'higher_is_worse', thresholds: { warning: 0.1, critical: 0.2 }, calibratable: true, onRequest: true,
    compute: (reference, window) => ({ value: jensenShannon(reference.psiCounts, psiBinCounts(reference, window)), details: { bins: reference.psiCounts.length } }),
    significance: { label: 'chi-square over the PSI bins', pValue: (reference, window) => psiBinsChiSquare(reference, window).pValue },
  },
  psi_categorical: {
    name: 'psi_categorical', metric: 'psi_categorical', label: 'categorical PSI', kind: 'categorical', direction: 'higher_is_worse',
    thresholds: { warning: 0.1, critical: 0.25 }, calibratable: true, onRequest: true,
    compute: (reference, window) => {
      const { p, q } = alignedRows(reference, window);
      return { value: psiFromCounts(p, q), details: { categories: p.length } };
    },
    significance: { label: 'chi-square', pValue: (reference, window) => chiSquareOfWindow(reference, window).pValue },
  },
  chi_square_yates: {
    name: 'chi_square_yates', metric: 'chi_square_yates_p_value', label: 'chi-square p-value (Yates)', kind: 'categorical', direction: 'p_value',
    thresholds: { warning: 0.05, critical: 0.001 }, calibratable: false, onRequest: true,
    compute: (reference, window) => {
      const { p, q } = alignedRows(reference, window);
      const { statistic, pValue, dof } = yatesChiSquareFromRows(p, q);
      return { value: pValue, pValue, details: { statistic, dof, yates: dof === 1 } };
    },
  },
});

