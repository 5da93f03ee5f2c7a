/**
 * GELU, fused into the linear unit's output stage (one lane per output lane, to): a 16-segment
 * piecewise quadratic: segment select by comparators, coefficients from a small LUT ROM, Horner with two
 * multiplies. It keeps pace with the array, so it adds no cycles of its own.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx } from '../context';
import { addRes, adder, comparatorLut, dspPerMultiply, zero, type Res } from '../fabric';

export const GELU_SEGMENTS = 16;
export const GELU_COEF_BITS = 18;

export function geluUnit(ks: readonly KernelInstance[], ctx: Ctx): Res {
  const r = zero();
  if (!ks.length) return r;
  let a = 1;
  for (const k of ks) a = Math.max(a, k.precision.in.w);
  const lanes = ctx.tiles.linearOut;
  const lane = zero();
  lane.dsp = 2 * dspPerMultiply(a, GELU_COEF_BITS, ctx.dsp);
  addRes(lane, adder(a + 2), 2);
  lane.lut += 4 * comparatorLut(a); // binary search over 16 segments: 4 compares
  lane.lut += 3 * GELU_COEF_BITS; // 16-entry × 3 coefficients ROM: one LUT6 per ROM bit
  lane.ff += 3 * a; // pipeline registers
  return addRes(r, lane, lanes);
}
