export { DRIFT_TESTS, ON_REQUEST_DRIFT_TESTS, DEFAULT_DRIFT_METHOD, driftTestsFor, DriftTestRegistry, driftTests } from './registry.ts';
export { InvalidDriftTestError, UnknownDriftTestError } from './registryErrors.ts';
export type {
  BuiltInDriftTestName, CategoricalDriftTest, ComputeContext, Direction, DriftTest, DriftTestName, DriftTestOutcome, FeatureKind, NumericDriftTest,
  SignificanceGate, Thresholds,
} from './registry.ts';
export { DriftDetector, DRIFT_DETECTOR_DEFAULTS } from './detector.ts';
export type { DriftDetectorOptions } from './detector.ts';
export { calibrateNumeric, calibrateCategorical, calibratedThresholds, CalibrationError, CALIBRATION_DEFAULTS } from './calibration.ts';
export type { Calibration, CalibrationOptions } from './calibration.ts';
