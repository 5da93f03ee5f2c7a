/**
 * The estimate API the app calls (api/, UI): estimate a plan on a board, the published anchors,
 * calibration get / fit. Pure functions except the calibration store (one JSON file, atomic writes).
 */
export { estimate, estimateRaw } from './estimate';
export type { Estimate, EstimateOptions, LayerEstimate, KernelEstimate, UnitEstimate, AppliedCalibration, CalibrationFactors, RawEstimate } from './estimate';
export { checkFit, DEFAULT_HEADROOM, RESOURCE_KEYS, type FitResult, type Overflow, type ResourceKey } from './fit';
export { publishedRows, M3VIT_T_PUBLISHED, PUBLISHED_OPS_PER_IMAGE, ANCHOR_SOURCE, type PublishedRow, type PublishedDesign } from './anchors';
export {
  getCalibration, addCalibrationSamples, samplesFromBuild, fixtureSamples, fitFactors, sampleErrors, readCalibrationFile, defaultCalibrationFile,
  recordBuildCalibration, calibrateFromFixtures, type CalibrationSample, type CalibrationEntry, type CalibrationFile, type BuildReports,
} from './calibration';
export { compareWithReports, type ComparisonRow } from './compare';
