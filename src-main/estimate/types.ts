/**
 * The estimator's result types, declared once for estimate/ and the API contract. Types only, importing
 * nothing that reaches Node (the renderer type-checks the contract without @types/node): the modules
 * that compute these (estimate.ts, fit.ts, anchors.ts, compare.ts, cli/estimate.ts) import the plan hash
 * and the calibration store.
 */
import type { Figure } from '../core/figure';

export type ResourceKey = 'lut' | 'ff' | 'dsp' | 'bram18k' | 'uram';

/** Multiplicative corrections fitted from reports (calibration.ts); 1 = uncorrected. */
export interface CalibrationFactors {
  lut: number;
  ff: number;
  dsp: number;
  bram18k: number;
  uram: number;
  cycles: number;
  power: number;
}

export interface Overflow {
  resource: ResourceKey;
  used: number;
  available: number;
  overflow: number;
  message: string;
}

export interface FitResult {
  fits: boolean;
  fitsWithHeadroom: boolean;
  utilisation: Record<ResourceKey, Figure>;
  headroom: Record<ResourceKey, number>;
  over: Overflow[];
  /** Resources above their headroom limit but within capacity. */
  tight: string[];
  messages: string[];
}

// The user-facing estimate: every number a Figure with source 'estimate'.

export type ResourceFigures = Record<ResourceKey, Figure>;

export interface LayerEstimate extends ResourceFigures {
  layer: string;
  kind: string;
  block: number;
  kernels: string[];
  /** Hardware units the layer runs on; their resources are shared with other layers. */
  units: string[];
  macs: Figure;
  cycles: Figure;
  latencyMs: Figure;
  ddrMB: Figure;
  bound: 'compute' | 'memory' | 'fused';
}

export interface KernelEstimate {
  id: string;
  kind: string;
  layer: string;
  unit: string;
  cycles: Figure;
  computeCycles: Figure;
  memoryCycles: Figure;
  ddrBytes: Figure;
  macs: Figure;
  bound: 'compute' | 'memory' | 'fused';
}

/** A hardware unit: the kernels that share it are time-multiplexed; units sum to the total. */
export interface UnitEstimate extends ResourceFigures {
  name: string;
  kernels: number;
  activity: Figure;
}

export interface EstimateCalibration {
  applied: boolean;
  key?: string;
  samples?: number;
  factors?: CalibrationFactors;
  note: string;
}

export interface Estimate {
  planHash: string;
  board: string;
  part: string;
  clockMHz: number;
  model: string;
  precision: string;
  tiles: string;
  totals: ResourceFigures & {
    cycles: Figure;
    latencyMs: Figure;
    fps: Figure;
    powerW: Figure;
    plPowerW: Figure;
    energyMJ: Figure;
    macs: Figure;
    gops: Figure;
    gopsPerW: Figure;
    ddrMB: Figure;
  };
  units: UnitEstimate[];
  layers: LayerEstimate[];
  kernels: KernelEstimate[];
  power: { totalW: Figure; plW: Figure; staticW: Figure; dynamicW: Figure; psDdrW: Figure; rails: Array<{ name: string; watts: Figure; sensor?: string }> };
  fit: FitResult;
  assumptions: string[];
  calibration: EstimateCalibration;
}

/** Estimate beside a build's reports, one metric per row; errors are (estimate − report) / report. */
export interface ComparisonRow {
  metric: ResourceKey | 'cycles';
  estimate: Figure;
  csynth?: Figure;
  impl?: Figure;
  /** Relative errors of the estimate, when the report has the metric. */
  errorVsCsynth?: number;
  errorVsImpl?: number;
}

/** A published design's figures (source 'published'), from anchors.ts. */
export interface PublishedRow {
  name: string;
  source: string;
  precision: string;
  clockMHz: number;
  latencyMs: Figure;
  powerW: Figure;
  gops: Figure;
  gopsPerW: Figure;
  dsp?: Figure;
  bram?: Figure;
  lut?: Figure;
  ff?: Figure;
}

/** Our estimate at one of the published designs' precisions (tiles searched), for the like-for-like rows. */
export interface OursAtPrecisionRow {
  name: string;
  precision: string;
  tiles: string;
  latencyMs: Figure;
  powerW: Figure;
  gops: Figure;
  gopsPerW: Figure;
  /** GOPS from the op count the papers use (more than 2 × MAC) over our latency. */
  gopsPublishedCount: Figure;
  dsp: Figure;
  bram18k: Figure;
  bram36: Figure;
  lut: Figure;
  ff: Figure;
  fits: boolean;
}
