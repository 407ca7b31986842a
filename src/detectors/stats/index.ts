/** Public API of driftwatch's statistics: pure, synchronous, validated, matching scipy/numpy (see each file). */
export { ksTest } from './ksTest.ts';
export type { KsTestOptions, KsTestResult } from './ksTest.ts';
export { ksTwoSamplePValue } from './ksTwoSamplePValue.ts';
export type { KsMethod } from './ksTwoSampleProbability.ts';
export { kolmogorovSurvival } from './kolmogorovSurvival.ts';
export { smirnovSurvival } from './smirnovSurvival.ts';
export { chiSquareTest } from './chiSquareTest.ts';
export type { ChiSquareTestResult } from './chiSquareTest.ts';
export type { CategoryCounts } from './categoryCounts.ts';
export { chiSquareSurvival } from './chiSquareSurvival.ts';
export { jensenShannon } from './jensenShannon.ts';
export { wasserstein } from './wasserstein.ts';
export { psi } from './psi.ts';
export type { PsiOptions, PsiResult } from './psi.ts';
export { quantileEdges } from './quantileEdges.ts';
export { psiFromCounts } from './psiFromCounts.ts';
export { InvalidArgumentError, InvalidSampleError } from './errors.ts';
