/**
 * API contract section: Resources, Latency and Explore views: estimates, design-space exploration, calibration, published anchors.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 * The DTOs mirror estimate/estimate.ts, estimate/fit.ts, estimate/anchors.ts and dse/evaluate.ts (which
 * import Node through the plan hash and the calibration store).
 */
import type { Figure } from '../core/figure';
import type { JobInfo } from './contract';
import type { Plan, Tiles } from '../plan/plan';

export type { Plan, Tiles, KernelInstance, FixedType, PrecisionPlan } from '../plan/plan';

export type ResourceName = 'lut' | 'ff' | 'dsp' | 'bram18k' | 'uram';

export interface ResourceSet {
  lut: Figure;
  ff: Figure;
  dsp: Figure;
  bram18k: Figure;
  uram: Figure;
}

export interface EstimateLayerRow extends ResourceSet {
  layer: string;
  kind: string;
  block: number;
  kernels: string[];
  /** Hardware units the layer runs on (their resources are shared with other layers). */
  units: string[];
  macs: Figure;
  cycles: Figure;
  latencyMs: Figure;
  ddrMB: Figure;
  bound: 'compute' | 'memory' | 'fused';
}

export interface EstimateKernelRow {
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
export interface EstimateUnitRow extends ResourceSet {
  name: string;
  kernels: number;
  activity: Figure;
}

export interface FitInfo {
  fits: boolean;
  fitsWithHeadroom: boolean;
  utilisation: Record<ResourceName, Figure>;
  headroom: Record<ResourceName, number>;
  over: Array<{ resource: ResourceName; used: number; available: number; overflow: number; message: string }>;
  tight: string[];
  messages: string[];
}

export interface PublishedDesignRow {
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
  dsp: Figure;
  bram18k: Figure;
  lut: Figure;
  ff: Figure;
  fits: boolean;
}

/** Estimate beside a build's reports, one metric per row; errors are (estimate − report) / report. */
export interface ReportComparisonRow {
  metric: ResourceName | 'cycles' | 'latencyMs' | 'powerW';
  label: string;
  estimate: Figure;
  csynth?: Figure;
  impl?: Figure;
  errorVsCsynth?: number;
  errorVsImpl?: number;
}

export interface CalibrationStatus {
  applied: boolean;
  key?: string;
  samples?: number;
  factors?: Record<'lut' | 'ff' | 'dsp' | 'bram18k' | 'uram' | 'cycles' | 'power', number>;
  note: string;
  /** Mean |relative error| per metric over that entry's samples, after calibration. */
  meanAbsError?: Partial<Record<string, number>>;
}

export interface EstimateDto {
  /** The model the estimate is for: its source (path / spec / preset) and structure name. */
  modelSource: string;
  model: string;
  /** Preset name when the model is exactly a named preset (or recognised as M³ViT-T). */
  preset?: string;
  board: { id: string; name: string; part: string; family: string; capacity: Record<ResourceName, number> };
  clockMHz: number;
  precision: string;
  tiles: string;
  tilesChosen: 'given' | 'searched';
  planHash: string;
  plan: { kernels: number; units: string[]; notes: string[]; tiles: Tiles };
  totals: ResourceSet & {
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
  power: { totalW: Figure; plW: Figure; staticW: Figure; dynamicW: Figure; psDdrW: Figure; rails: Array<{ name: string; watts: Figure }> };
  units: EstimateUnitRow[];
  layers: EstimateLayerRow[];
  kernels: EstimateKernelRow[];
  fit: FitInfo;
  assumptions: string[];
  calibration: CalibrationStatus;
  /** The published designs (source 'published') when the model is M³ViT-T on ZCU102, else null. */
  published: { source: string; rows: PublishedDesignRow[]; ours: OursAtPrecisionRow[]; notes: string[] } | null;
  /** The newest run of the open project with csynth / impl figures, compared with this estimate. */
  reports: { runId: string; createdAt: string; rows: ReportComparisonRow[]; note: string } | null;
  /** Measured / emulated latency from the newest measurement run, when any. */
  measured: { runId: string; latencyMs?: Figure; powerW?: Figure } | null;
  estimateMs: number;
}

export interface EstimateRunParams {
  board?: string;
  clockMHz?: number;
  precision?: string;
  tiles?: string;
  /** Import this model first (path, --arch spec or preset); default the model already imported. */
  source?: string;
}

export interface CalibrationEntryInfo {
  key: string;
  family: string;
  toolVersion: string;
  samples: number;
  fittedAt: string;
  factors: Record<string, number>;
  /** Mean |relative error| per metric over the samples, before (uncalibrated) and after calibration. */
  error: Record<string, { before: number; after: number; n: number }>;
}

// ----- Design-space exploration ----------------------------------------------------------------

export interface DseStartParams {
  /** Most plans to evaluate (default 2,000). */
  budget?: number;
  board?: string;
  clocks?: number[];
  precisions?: string[];
  /** Values to sweep per tile factor; absent = the default space for the model and board. */
  tiles?: Partial<Record<'linearIn' | 'linearOut' | 'attnHeads' | 'attnKeys', number[]>>;
  latencyTargetMs?: number;
  /** Require utilisation within the headroom limits (default true). */
  headroom?: boolean;
  seed?: number;
  source?: string;
}

/** One evaluated design point (every number an estimate). */
export interface DsePointDto {
  /** `<jobId>/<index>`: pass to dse.select. */
  id: string;
  index: number;
  source: 'estimate';
  tiles: Tiles;
  precision: string;
  clockMHz: number;
  weightBram: number;
  latencyMs: number;
  dsp: number;
  lut: number;
  ff: number;
  bram18k: number;
  uram: number;
  powerW: number;
  gops: number;
  fits: boolean;
  feasible: boolean;
  reason?: string;
}

export interface DseSummaryDto {
  jobId: string;
  board: string;
  model: string;
  spaceSize: number;
  evaluated: number;
  feasible: number;
  frontSize: number;
  durationMs: number;
  plansPerSecond: number;
  cancelled: boolean;
}

export interface DseSelection {
  point: DsePointDto;
  plan: Plan;
  estimate: EstimateDto;
}

export interface EstimateMethods {
  'estimate.run': { params: EstimateRunParams; result: EstimateDto };
  'estimate.calibration': { params: { family?: string }; result: { file: string; entries: CalibrationEntryInfo[] } };
  /** Starts a sweep as a job (kind 'dse'); points stream as 'dse.point', the front as 'dse.front'. */
  'dse.start': { params: DseStartParams; result: JobInfo & { spaceSize: number; budget: number } };
  /** The same as jobs.cancel for a sweep. */
  'dse.cancel': { params: { jobId: string }; result: { cancelled: boolean } };
  'dse.select': { params: { pointId: string }; result: DseSelection };
}

export interface EstimateEvents {
  /** A batch of evaluated points (sent every ~100 ms while a sweep runs, and at its end). */
  'dse.point': { jobId: string; points: DsePointDto[]; done: number; total: number; feasible: number };
  /** The current Pareto front of the feasible points (whole front each time it changed; final: true at the end). */
  'dse.front': { jobId: string; front: DsePointDto[]; final: boolean; summary?: DseSummaryDto };
}
