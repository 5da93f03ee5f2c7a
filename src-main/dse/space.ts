/**
 * The design space: tile factors, precisions and clocks to sweep, enumerated deterministically; when the
 * space is larger than the budget a seeded shuffle picks which points to evaluate.
 */
import type { BoardSpec } from '../boards/board-spec';
import type { ModelStructure } from '../graph/ir';
import { inputError } from '../core/errors';
import { mulberry32 } from '../core/rng';
import type { Tiles } from '../plan/plan';

export interface DesignSpace {
  linearIn: number[];
  linearOut: number[];
  attnHeads: number[];
  attnKeys: number[];
  /** Multiplies per attention lane along the head dimension; 0 = the whole head. */
  attnDim: number[];
  /** `--precision` strings (e.g. 'default', 'w16a32', 'int8'). */
  precisions: string[];
  clocks: number[];
  /** Share of BRAM that memory-bound weights may occupy (0 = stream everything). */
  weightBram: number[];
}

export interface DesignPoint {
  tiles: Tiles;
  precision: string;
  clockMHz: number;
  weightBram: number;
}

const pow2 = (lo: number, hi: number): number[] => {
  const out: number[] = [];
  for (let v = lo; v <= hi; v *= 2) out.push(v);
  return out;
};

/** A sensible space for a model on a board: powers of two up to the model's sizes, divisors of the head count. */
export function defaultSpace(structure: ModelStructure, board: BoardSpec, precisions: string[] = ['default'], clocks?: number[]): DesignSpace {
  let dim = 16;
  let heads = 1;
  let headDim = 1;
  for (const l of structure.layers) {
    dim = Math.max(dim, l.attrs.dim ?? 0);
    heads = Math.max(heads, l.attrs.heads ?? 1);
    headDim = Math.max(headDim, l.attrs.headDim ?? 0);
  }
  // Folding the head dimension matters on small parts, where a whole-head dot product per lane does not fit.
  const attnDim = [0];
  if (board.resources.dsp < 1000) for (let d = 8; d < headDim; d *= 2) attnDim.push(d);
  const headOpts: number[] = [];
  for (let h = 1; h <= heads; h++) if (heads % h === 0 && h <= 4) headOpts.push(h);
  return {
    linearIn: pow2(4, Math.min(256, dim)),
    linearOut: pow2(4, Math.min(128, dim)),
    attnHeads: headOpts,
    attnKeys: pow2(1, 16),
    attnDim,
    precisions,
    clocks: clocks ?? [board.clocks.defaultMHz],
    weightBram: [0, 0.25],
  };
}

export function spaceSize(s: DesignSpace): number {
  return s.linearIn.length * s.linearOut.length * s.attnHeads.length * s.attnKeys.length * s.attnDim.length * s.precisions.length * s.clocks.length * s.weightBram.length;
}

/** Point number i of the space (mixed-radix decode; weight placement slowest, linearIn fastest). */
export function pointAt(s: DesignSpace, index: number): DesignPoint {
  let i = index;
  const pick = <T>(xs: T[]): T => {
    const v = xs[i % xs.length];
    i = Math.floor(i / xs.length);
    return v;
  };
  const linearIn = pick(s.linearIn);
  const linearOut = pick(s.linearOut);
  const attnHeads = pick(s.attnHeads);
  const attnKeys = pick(s.attnKeys);
  const attnDim = pick(s.attnDim);
  const precision = pick(s.precisions);
  const clockMHz = pick(s.clocks);
  const weightBram = pick(s.weightBram);
  return { tiles: { linearIn, linearOut, attnHeads, attnKeys, ...(attnDim ? { attnDim } : {}) }, precision, clockMHz, weightBram };
}


/** The indices to evaluate: all of them in order when they fit the budget, else a seeded sample. */
export function sampleIndices(s: DesignSpace, budget: number, seed = 1): number[] {
  const n = spaceSize(s);
  if (n === 0) throw inputError('the design space is empty');
  if (!(budget >= 1)) throw inputError(`budget must be at least 1, got ${budget}`, { field: 'budget' });
  if (n <= budget) return Array.from({ length: n }, (_, i) => i);
  const r = mulberry32(seed);
  // Floyd's algorithm: `budget` distinct indices without materialising the whole space.
  const chosen = new Set<number>();
  for (let j = n - budget; j < n; j++) {
    const t = Math.floor(r() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}
