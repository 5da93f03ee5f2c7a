/** Residual add, fused into the linear unit's output stage: one saturating adder per output lane. */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx } from '../context';
import { addRes, adder, zero, type Res } from '../fabric';

export function residualUnit(ks: readonly KernelInstance[], ctx: Ctx): Res {
  const r = zero();
  if (!ks.length) return r;
  let a = 1;
  for (const k of ks) a = Math.max(a, k.precision.in.w);
  addRes(r, adder(a + 1), ctx.tiles.linearOut);
  r.lut += ctx.tiles.linearOut * Math.ceil(a / 2); // saturation
  return r;
}
