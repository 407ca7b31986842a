/**
 * driftwatch as a library: the statistics and detectors the service runs (pure, synchronous, no I/O),
 * and the v1 event contracts. The README's "Statistics and detectors" section states every convention.
 */

// Findings: what every detector reports.
export type { Finding, FindingSeverity, Severity, WindowBounds } from './detectors/finding.ts';

// Statistics on raw samples, matching scipy / numpy.
export {
  ksTest, ksTwoSamplePValue, chiSquareTest, chiSquareSurvival, jensenShannon, wasserstein, psi, psiFromCounts, quantileEdges,
  InvalidSampleError, InvalidArgumentError,
} from './detectors/stats/index.ts';
export type { KsMethod, KsTestOptions, KsTestResult, ChiSquareTestResult, CategoryCounts, PsiOptions, PsiResult } from './detectors/stats/index.ts';

// Reference profiles, and the byte format every state uses.
export { NumericReference, NUMERIC_REFERENCE_DEFAULTS, CategoricalReference, InvalidReferenceError, StateDecodeError } from './detectors/reference/index.ts';
export type { NumericReferenceOptions, CategoryValue } from './detectors/reference/index.ts';

// Window states (no raw values), their statistics against a reference, and window assignment.
export {
  NumericWindowState, CategoricalWindowState, DEFAULT_MAX_UNSEEN_CATEGORIES,
  ksStatistic, ksWindowTest, psiBinCounts, psiOfWindow, wassersteinOfWindow, normalisedWasserstein, WASSERSTEIN_MIN_SCALE,
  chiSquareOfWindow, jensenShannonOfWindow,
  CountWindowAssigner, EventTimeWindowAssigner, PaneLayout,
  EmptyWindowError, InvalidWindowError, ReferenceMismatchError,
} from './detectors/window/index.ts';
export type {
  CategoricalWindowOptions, KsResult, WassersteinResult, ChiSquareResult, CountAssignment, CountWindowOptions, EventTimeAssignment,
  EventTimeWindowOptions, WindowSpan,
} from './detectors/window/index.ts';

// Drift: the open registry of tests with their default thresholds, the detector, calibration.
export {
  DRIFT_TESTS, DEFAULT_DRIFT_METHOD, driftTestsFor, DriftDetector, DRIFT_DETECTOR_DEFAULTS,
  calibrateNumeric, calibrateCategorical, calibratedThresholds, CalibrationError, CALIBRATION_DEFAULTS, ON_REQUEST_DRIFT_TESTS,
  DriftTestRegistry, driftTests, InvalidDriftTestError, UnknownDriftTestError,
} from './detectors/drift/index.ts';
export type {
  DriftTest, DriftTestName, DriftTestOutcome, NumericDriftTest, CategoricalDriftTest, ComputeContext, Direction, FeatureKind, Thresholds,
  DriftDetectorOptions, Calibration, CalibrationOptions,
  BuiltInDriftTestName, SignificanceGate,
} from './detectors/drift/index.ts';
export type { OnRequestDriftTestName } from './detectors/drift/driftTest.ts';

// Data quality.
export { QualityWindow, QualityReferenceMismatchError } from './detectors/quality/qualityWindow.ts';
export type { QualityReference, QualityWindowOptions } from './detectors/quality/qualityWindow.ts';
export { qualityFindings, DEFAULT_QUALITY_THRESHOLDS } from './detectors/quality/qualityFindings.ts';
export type { QualityThresholds } from './detectors/quality/qualityFindings.ts';
export type { FeatureSpec, FeatureQualityCounts, FeatureShares } from './detectors/quality/featureQuality.ts';
export type { FeatureType } from './detectors/quality/featureType.ts';
export type { ImplicitSchemaChange, TypeChange } from './detectors/quality/schemaChange.ts';

// Model performance over labelled windows.
export { ClassificationWindow } from './detectors/performance/classificationWindow.ts';
export type { ClassificationMetrics, ClassificationPrediction, ClassificationWindowOptions } from './detectors/performance/classificationWindow.ts';
export { RegressionWindow } from './detectors/performance/regressionWindow.ts';
export type { RegressionMetrics } from './detectors/performance/regressionWindow.ts';
export type { ClassificationMetric, MetricThreshold, PerformanceMetric, PerformanceThresholds, RegressionMetric } from './detectors/performance/performanceThresholds.ts';
export { InvalidPairError } from './detectors/performance/labels.ts';
export { bandFindings, calibratedBand } from './detectors/performance/metricBands.ts';
export type { CalibratedBand, MetricBand } from './detectors/performance/metricBands.ts';
export type { Label } from './detectors/performance/labels.ts';

// Performance estimated without labels (CBPE), business value, and multivariate (PCA reconstruction) drift.
export { CbpeFitError, CbpeModel } from './detectors/performance/cbpe/cbpeModel.ts';
export type { CbpeEstimates, CbpeFitOptions, CbpeMetricName, CbpeReferenceRow } from './detectors/performance/cbpe/cbpeModel.ts';
export { CbpeWindow } from './detectors/performance/cbpe/cbpeWindow.ts';
export { businessValue, costOfErrorsPerPrediction } from './detectors/performance/businessValue.ts';
export type { BusinessValueMatrix, Confusion } from './detectors/performance/businessValue.ts';
export { ReconstructionFitError, ReconstructionModel } from './detectors/multivariate/reconstructionModel.ts';
export type { ReconstructionBand, ReconstructionColumn, ReconstructionFitOptions } from './detectors/multivariate/reconstructionModel.ts';
export { ReconstructionWindow } from './detectors/multivariate/reconstructionWindow.ts';
export { reconstructionFinding } from './detectors/multivariate/reconstructionFinding.ts';

// Trend and anomaly detectors over per-window series.
export { SlopeTrend } from './detectors/trend/slopeTrend.ts';
export type { SlopeTrendOptions } from './detectors/trend/slopeTrend.ts';
export { PageHinkley, PAGE_HINKLEY_RIVER_DEFAULTS } from './detectors/trend/pageHinkley.ts';
export type { PageHinkleyOptions } from './detectors/trend/pageHinkley.ts';
export { Cusum } from './detectors/trend/cusum.ts';
export type { CusumOptions } from './detectors/trend/cusum.ts';
export { Adwin } from './detectors/trend/adwin.ts';
export type { AdwinOptions } from './detectors/trend/adwin.ts';
export { Kswin } from './detectors/trend/kswin.ts';
export type { KswinOptions } from './detectors/trend/kswin.ts';
export { EwmaChart } from './detectors/anomaly/ewmaChart.ts';
export type { EwmaChartOptions } from './detectors/anomaly/ewmaChart.ts';
export { RobustZScore } from './detectors/anomaly/robustZScore.ts';
export type { RobustZScoreOptions } from './detectors/anomaly/robustZScore.ts';
export type { TrendDirection } from './detectors/common/series.ts';
export type { SeriesDetector, SeriesDetectorKind } from './detectors/series/seriesDetector.ts';
export { restoreSeriesDetector } from './detectors/series/restoreSeriesDetector.ts';
export { InvalidOptionError, NonFiniteValueError } from './detectors/common/validation.ts';

// Keeping alerts quiet: k-of-n persistence, false-discovery control across features.
export { Persistence } from './detectors/alarms/persistence.ts';
export type { PersistenceOptions } from './detectors/alarms/persistence.ts';
export { benjaminiHochberg, InvalidPValueError } from './detectors/alarms/benjaminiHochberg.ts';
export type { BenjaminiHochbergResult } from './detectors/alarms/benjaminiHochberg.ts';

// Avro schema evolution.
export { diffAvroSchemas } from './detectors/schema/schemaDiff.ts';
export type { SchemaChange, SchemaChangeKind, SchemaDiff } from './detectors/schema/schemaDiff.ts';
export { AvroSchemaError } from './detectors/schema/avroSchema.ts';

// Event contracts (v1), and the Avro features-union helpers.
export type { FeatureValue, PredictionEvent, LabelEvent, AlertRecord, DeadLetterKind, DeadLetterRecord } from './contracts/events.ts';
export { withWrappedFeatures, wrapFeatureValue, unwrapFeatureValue } from './contracts/featureValueUnion.ts';

// Publishing predictions from a Node model server: the contract, Avro framing, batching and the features union done.
export { PredictionPublisher } from './sinks/predictionPublisher.ts';
export type { PredictionInput, PredictionPublisherOptions } from './sinks/predictionPublisher.ts';
export type { BatchingOptions } from './sinks/avroBatchPublisher.ts';
export { InvalidRecordError } from './sinks/invalidRecordError.ts';
