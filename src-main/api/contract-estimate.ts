/**
 * API contract section: Resources, Latency and Explore views: estimates, design-space exploration, calibration, published anchors.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file): the estimate's own types come from estimate/types.ts
 * and dse/types.ts; declared here is only what the wire adds to them.
 */
import type { Figure } from '../core/figure';
import type { JobInfo } from './contract';
import type { Plan, Tiles } from '../plan/plan';
import type { ComparisonRow, Estimate, EstimateCalibration, OursAtPrecisionRow, PublishedRow, ResourceKey } from '../estimate/types';
import type { DseResult } from '../dse/types';

export type { Plan, Tiles, KernelInstance, FixedType, PrecisionPlan } from '../plan/plan';
export type {
  CalibrationFactors, ComparisonRow, Estimate, EstimateCalibration, FitResult, KernelEstimate, LayerEstimate, OursAtPrecisionRow, Overflow,
  PublishedRow, ResourceFigures, ResourceKey, UnitEstimate,
} from '../estimate/types';
export type { DseResult } from '../dse/types';

/** Estimate beside a build's reports, one metric per row; the wire adds latency and power rows, and labels. */
export interface ReportComparisonRow extends Omit<ComparisonRow, 'metric'> {
  metric: ComparisonRow['metric'] | 'latencyMs' | 'powerW';
  label: string;
}

export interface CalibrationStatus extends EstimateCalibration {
  /** Mean |relative error| per metric over that entry's samples, after calibration. */
  meanAbsError?: Partial<Record<string, number>>;
}

/** The estimate as the views get it: the board in full instead of its id and part, plus what the app knows around it. */
export interface EstimateDto extends Omit<Estimate, 'board' | 'part' | 'calibration'> {
  /** The model the estimate is for: its source (path / spec / preset) and structure name. */
  modelSource: string;
  /** Preset name when the model is exactly a named preset (or recognised as M³ViT-T). */
  preset?: string;
  board: { id: string; name: string; part: string; family: string; capacity: Record<ResourceKey, number> };
  tilesChosen: 'given' | 'searched';
  plan: { kernels: number; units: string[]; notes: string[]; tiles: Tiles };
  calibration: CalibrationStatus;
  /** The published designs (source 'published') when the model is M³ViT-T on ZCU102, else null. */
  published: { source: string; rows: PublishedRow[]; ours: OursAtPrecisionRow[]; notes: string[] } | null;
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
export interface DsePointDto extends Omit<DseResult, 'maxUtilisation'> {
  /** `<jobId>/<index>`: pass to dse.select. */
  id: string;
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
