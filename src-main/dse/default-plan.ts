/**
 * The default plan: the fastest tiling that fits the board with headroom, found by sweeping the tile
 * space at the requested precision and clock (a few hundred estimates, tens of milliseconds).
 */
import type { BoardSpec } from '../boards/board-spec';
import type { ModelStructure } from '../graph/ir';
import type { Plan } from '../plan/plan';
import type { AppliedCalibration } from '../estimate/estimate';
import { Evaluator, type DseConstraints, type DseResult } from './evaluate';
import { defaultSpace, pointAt, spaceSize } from './space';

export interface DefaultPlanOptions {
  clockMHz?: number;
  /** A `--precision` string; default the plan defaults. */
  precision?: string;
  constraints?: DseConstraints;
  calibration?: AppliedCalibration | null;
}

export function bestTiling(structure: ModelStructure, board: BoardSpec, o: DefaultPlanOptions = {}): { plan: Plan; point: DseResult; searched: number } {
  const clock = o.clockMHz ?? board.clocks.defaultMHz;
  const space = defaultSpace(structure, board, [o.precision ?? 'default'], [clock]);
  const ev = new Evaluator(structure, board, { constraints: o.constraints, calibration: o.calibration ?? null });
  let best: DseResult | undefined;
  let fallback: DseResult | undefined;
  let smallest: DseResult | undefined;
  const n = spaceSize(space);
  for (let i = 0; i < n; i++) {
    const r = ev.evaluate(pointAt(space, i), i);
    if (r.feasible) {
      if (!best || r.latencyMs < best.latencyMs - 1e-9 || (Math.abs(r.latencyMs - best.latencyMs) <= 1e-9 && r.dsp < best.dsp)) best = r;
    } else if (r.fits && (!fallback || r.latencyMs < fallback.latencyMs)) fallback = r;
    if (!smallest || r.maxUtilisation < smallest.maxUtilisation) smallest = r;
  }
  // Nothing within headroom: the fastest that fits at all; nothing fits: the one closest to fitting (its
  // estimate names the overflow).
  const pick = best ?? fallback ?? smallest!;
  const plan = ev.plan(pointAt(space, pick.index));
  plan.notes = [...(plan.notes ?? []), `tiles chosen by sweeping ${n} tilings: fastest ${best ? 'within the headroom limits' : fallback ? 'that fits (none within headroom)' : '— none fits; the one closest to fitting shown'}`];
  return { plan, point: pick, searched: n };
}
