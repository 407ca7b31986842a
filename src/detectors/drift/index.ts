export { DRIFT_TESTS, DEFAULT_DRIFT_METHOD, driftTestsFor } from './registry.ts';
export type {
  CategoricalDriftTest, ComputeContext, Direction, DriftTest, DriftTestName, DriftTestOutcome, FeatureKind, NumericDriftTest, Thresholds,
} from './registry.ts';
export { DriftDetector, DRIFT_DETECTOR_DEFAULTS } from './detector.ts';
export type { DriftDetectorOptions } from './detector.ts';
export { calibrateNumeric, calibrateCategorical, calibratedThresholds, CalibrationError } from './calibration.ts';
export type { Calibration, CalibrationOptions } from './calibration.ts';
