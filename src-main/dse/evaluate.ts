/**
 * Scoring one design point: plan (base plan per precision × clock, re-tiled per point), raw estimate,
 * constraints. Allocation-light; the structure-dependent work is done once per Evaluator.
 */
import type { BoardSpec } from '../boards/board-spec';
import type { ModelStructure } from '../graph/ir';
import type { Plan } from '../plan/plan';
import { planFromStructure, retile } from '../plan/from-graph';
import { parsePrecision } from '../plan/precision';
import { estimateRaw, type AppliedCalibration } from '../estimate/estimate';
import { DEFAULT_HEADROOM, RESOURCE_KEYS, RESOURCE_LABEL, type ResourceKey } from '../estimate/fit';
import type { DseResult } from './types';
import type { DesignPoint } from './space';

export type { DseResult } from './types';

export interface DseConstraints {
  /** Require utilisation within the headroom limits (default true); false = within capacity. */
  headroom?: boolean;
  headroomLimits?: Partial<Record<ResourceKey, number>>;
  /** Latency target: points slower than this are infeasible. */
  latencyMs?: number;
}

export interface EvaluatorOptions {
  constraints?: DseConstraints;
  calibration?: AppliedCalibration | null;
}

export class Evaluator {
  private readonly base = new Map<string, Plan>();
  private readonly limits: Record<ResourceKey, number>;

  constructor(
    readonly structure: ModelStructure,
    readonly board: BoardSpec,
    private readonly opts: EvaluatorOptions = {},
  ) {
    this.limits = { ...DEFAULT_HEADROOM, ...(opts.constraints?.headroomLimits ?? {}) };
  }

  plan(p: DesignPoint): Plan {
    const key = `${p.precision}@${p.clockMHz}`;
    let base = this.base.get(key);
    if (!base) {
      base = planFromStructure(this.structure, { board: this.board, clockMHz: p.clockMHz, precision: parsePrecision(p.precision), tiles: p.tiles });
      this.base.set(key, base);
    }
    return retile(base, this.board, p.tiles, { weightBramFraction: p.weightBram });
  }

  evaluate(p: DesignPoint, index: number): DseResult {
    const plan = this.plan(p);
    const raw = estimateRaw(plan, this.board, { calibration: this.opts.calibration ?? null });
    const c = this.opts.constraints ?? {};
    const useHeadroom = c.headroom !== false;
    let fits = true;
    let reason: string | undefined;
    let maxUtilisation = 0;
    for (const k of RESOURCE_KEYS) {
      const used = raw.res[k];
      const avail = this.board.resources[k];
      const u = avail > 0 ? used / avail : used > 0 ? Infinity : 0;
      if (u > maxUtilisation) maxUtilisation = u;
      if (used > avail) {
        fits = false;
        reason ??= `${RESOURCE_LABEL[k]} ${used} > ${avail}`;
      } else if (useHeadroom && used > avail * this.limits[k]) {
        reason ??= `${RESOURCE_LABEL[k]} above ${Math.round(this.limits[k] * 100)} % headroom`;
      }
    }
    if (c.latencyMs !== undefined && raw.latencyMs > c.latencyMs) reason ??= `latency ${raw.latencyMs.toFixed(3)} ms > target ${c.latencyMs} ms`;
    return {
      source: 'estimate',
      index,
      tiles: p.tiles,
      precision: p.precision,
      clockMHz: p.clockMHz,
      weightBram: p.weightBram,
      latencyMs: raw.latencyMs,
      dsp: raw.res.dsp,
      lut: raw.res.lut,
      ff: raw.res.ff,
      bram18k: raw.res.bram18k,
      uram: raw.res.uram,
      powerW: raw.power.totalW,
      gops: raw.latencyMs > 0 ? (2 * raw.macs) / 1e9 / (raw.latencyMs / 1e3) : 0,
      maxUtilisation,
      fits,
      feasible: reason === undefined,
      ...(reason ? { reason } : {}),
    };
  }
}
