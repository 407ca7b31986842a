import type { PredictionEvent } from '../contracts/events.ts';
import { calibrateCategorical, calibrateNumeric, calibratedThresholds, driftTests, type CalibrationOptions, type DriftTestName, type Thresholds } from '../detectors/drift/index.ts';
import type { FeatureSpec } from '../detectors/quality/featureQuality.ts';
import type { QualityReference } from '../detectors/quality/qualityWindow.ts';
import { ReconstructionFitError, ReconstructionModel } from '../detectors/multivariate/reconstructionModel.ts';
import { CategoricalReference, NumericReference, type NumericReferenceOptions } from '../detectors/reference/index.ts';
import { readStateBundle, StateBundleWriter } from './stateBundle.ts';
import { watchedFeature, type WatchedFeature } from './watchedFeatures.ts';

export type FeatureReference = NumericReference | CategoricalReference;

/** What a model version looked like in its reference: one drift reference per watched feature and the quality specs. */
export interface ReferenceProfile {
  features: WatchedFeature[];
  references: FeatureReference[];
  /** Per feature, drift thresholds calibrated on chunks of the reference (when calibration is on). */
  calibrated: (Partial<Record<DriftTestName, Thresholds>> | null)[];
  quality: QualityReference;
  /** multivariate: the PCA reconstruction model fitted on the reference. */
  reconstruction?: ReconstructionModel;
}

/**
 * `numeric`: how numeric references are cut (drift.psiBins, maxCutPoints, exactKs); `featureBins`: PSI bins of
 * the features whose rule sets them, by name, over `numeric.bins`; `calibrateAll`: calibrate every
 * calibratable test (drift.calibrate), else only the features whose rule asks for it.
 */
export interface ReferenceProfileOptions {
  numeric?: NumericReferenceOptions;
  featureBins?: Readonly<Record<string, number>>;
  calibrateAll?: boolean;
  /** Fit the PCA reconstruction model on these watched features (default: every model input), with chunks of chunkSize for its band. */
  reconstruction?: { features?: readonly string[]; varianceShare: number; k: number; chunkSize: number };
}

/**
 * Builds the profile from the reference events. With `calibrationChunk`, drift thresholds are calibrated
 * on chunks of that many reference events (see detectors/drift/calibration.ts).
 */
export function buildReferenceProfile(
  features: WatchedFeature[],
  events: readonly PredictionEvent[],
  calibrationChunk?: number,
  options: ReferenceProfileOptions = {},
): ReferenceProfile {
  const calibrateAll = options.calibrateAll ?? calibrationChunk !== undefined;
  const calibrated: ReferenceProfile['calibrated'] = [];
  const references = features.map((feature): FeatureReference => {
    const values = events.map((e) => feature.read(e) ?? null);
    const calibration = calibrationOf(feature, calibrationChunk, calibrateAll);
    if (feature.kind === 'numeric') {
      const bins = options.featureBins?.[feature.name];
      const numeric = bins === undefined ? options.numeric : { ...options.numeric, bins };
      const numbers = values.map((v) => (typeof v === 'number' ? v : null));
      if (!calibration) {
        calibrated.push(null);
        return NumericReference.fromValues(numbers, numeric);
      }
      const { reference, calibrations } = calibrateNumeric(numbers, { ...calibration, reference: numeric });
      calibrated.push(calibratedThresholds(calibrations));
      return reference;
    }
    const categories = values.map((v) => (v === null ? null : String(v)));
    if (!calibration) {
      calibrated.push(null);
      return CategoricalReference.fromValues(categories);
    }
    const { reference, calibrations } = calibrateCategorical(categories, calibration);
    calibrated.push(calibratedThresholds(calibrations));
    return reference;
  });
  const profile: ReferenceProfile = { features, references, calibrated, quality: qualityReference(features, references, events) };
  if (options.reconstruction) profile.reconstruction = fitReconstruction(features, events, options.reconstruction);
  return profile;
}

function fitReconstruction(features: WatchedFeature[], events: readonly PredictionEvent[], options: NonNullable<ReferenceProfileOptions['reconstruction']>): ReconstructionModel {
  const watched = new Map(features.map((f) => [f.name, f]));
  const chosen = options.features?.map((name) => {
    const feature = watched.get(name);
    if (!feature) throw new ReconstructionFitError(`multivariate.features names '${name}', which the monitor does not watch (it watches ${[...watched.keys()].join(', ')})`);
    return feature;
  }) ?? features.filter((f) => !f.name.startsWith('prediction.'));
  return ReconstructionModel.fit(chosen.map(({ name, kind }) => ({ name, kind })), events.length, (i, j) => chosen[j].read(events[i]), options);
}

/** A feature's calibration: its rule's (its calibratable methods, k, two-sided), else every calibratable test when all are calibrated. */
function calibrationOf(feature: WatchedFeature, chunk: number | undefined, calibrateAll: boolean): CalibrationOptions | undefined {
  if (chunk === undefined) return undefined;
  const calibrate = feature.rule?.calibrate ?? false;
  if (calibrate === false) return calibrateAll ? { windowSize: chunk } : undefined;
  const methods = feature.rule?.methods ?? [driftTests.defaultMethod(feature.kind).name];
  const tests = methods.filter((name) => driftTests.get(name)?.calibratable);
  return calibrate === true ? { windowSize: chunk, tests } : { windowSize: chunk, tests, multiplier: calibrate.k, twoSided: calibrate.twoSided };
}

/** Quality specs of the model inputs (not the prediction outputs): type, range, categories, usual missing share. */
function qualityReference(features: WatchedFeature[], references: FeatureReference[], events: readonly PredictionEvent[]): QualityReference {
  const specs: Record<string, FeatureSpec> = {};
  features.forEach((feature, i) => {
    if (feature.name.startsWith('prediction.')) return;
    const reference = references[i];
    let missing = 0;
    let booleans = 0;
    for (const e of events) {
      const v = e.features[feature.name];
      if (v === null || v === undefined) missing++;
      else if (typeof v === 'boolean') booleans++;
    }
    const expectedMissingShare = events.length > 0 ? missing / events.length : 0;
    specs[feature.name] = reference instanceof NumericReference
      ? { type: 'double', min: reference.min, max: reference.max, expectedMissingShare }
      : booleans > 0
        ? { type: 'boolean', expectedMissingShare }
        : { type: 'string', categories: reference.categories, expectedMissingShare };
  });
  return specs;
}


/** The profile as bytes: saved once per reference, apart from the monitor state that changes every batch. */
export function profileToBytes(profile: ReferenceProfile): Buffer {
  const w = new StateBundleWriter();
  return w.finish({
    features: profile.features.map((f) => [f.name, f.kind]),
    references: profile.references.map((r) => w.blob(r.toBytes())),
    calibrated: profile.calibrated,
    quality: Object.fromEntries(Object.entries(profile.quality).map(([k, spec]: [string, FeatureSpec]) => [k, { ...spec, categories: spec.categories ? [...spec.categories] : undefined }])),
    // Written only with multivariate (the last blob), so profiles without it keep their bytes.
    ...(profile.reconstruction ? { reconstruction: w.blob(profile.reconstruction.toBytes()) } : {}),
  });
}

export function profileFromBytes(bytes: Uint8Array): ReferenceProfile {
  const { document, blob } = readStateBundle(bytes);
  const d = document as {
    features: [string, 'numeric' | 'categorical'][];
    references: number[];
    calibrated: ReferenceProfile['calibrated'];
    quality: Record<string, FeatureSpec>;
    reconstruction?: number;
  };
  const features = d.features.map(([name, kind]) => watchedFeature(name, kind));
  const references = d.references.map((i, k): FeatureReference => (d.features[k][1] === 'numeric' ? NumericReference.fromBytes(blob(i)) : CategoricalReference.fromBytes(blob(i))));
  const profile: ReferenceProfile = { features, references, calibrated: d.calibrated, quality: d.quality as QualityReference };
  if (d.reconstruction !== undefined) profile.reconstruction = ReconstructionModel.fromBytes(blob(d.reconstruction));
  return profile;
}
