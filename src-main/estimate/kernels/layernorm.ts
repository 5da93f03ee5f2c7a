/**
 * LayerNorm unit, ti lanes (it reads the same ti-banked activation buffer the linear unit reads). Pass 1:
 * Σx and Σx² per token; rsqrt of the variance; pass 2: (x − mean)·rstd·γ + β. Passes of successive tokens
 * overlap, so a token costs 2·ceil(dim/lanes) cycles.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx, KernelCycles } from '../context';
import { addLogic, addRes, adder, adderTree, bitsFor, buffer, counter, dspPerMultiply, zero, type Res } from '../fabric';

export function layernormCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  const lanes = Math.min(ctx.tiles.linearIn, k.shape.in ?? 1);
  const dim = k.shape.in ?? 1;
  const T = k.shape.tokens;
  const main = T * 2 * Math.ceil(dim / lanes);
  const depth = 2 * ctx.coef.dspLatency + Math.ceil(Math.log2(Math.max(2, lanes))) + ctx.coef.rsqrtUnit.depth + 4;
  out.cycles = main + depth + ctx.coef.kernelSwitchCycles;
  out.compute = main;
  out.memory = 0;
  out.ddrBytes = 0;
  out.macs = 0;
  return out;
}

export function layernormUnit(ks: readonly KernelInstance[], ctx: Ctx): Res {
  const r = zero();
  if (!ks.length) return r;
  let a = 1, dim = 1, acc = 1, nw = 1, T = 1;
  for (const k of ks) {
    a = Math.max(a, k.precision.in.w);
    dim = Math.max(dim, k.shape.in ?? 1);
    acc = Math.max(acc, k.precision.acc?.w ?? 2 * a);
    nw = Math.max(nw, k.precision.weight?.w ?? 16);
    T = Math.max(T, k.shape.tokens);
  }
  const lanes = Math.min(ctx.tiles.linearIn, dim);
  r.dsp += lanes * dspPerMultiply(a, a, ctx.dsp); // x²
  addRes(r, adderTree(lanes, a), 1); // Σx
  addRes(r, adderTree(lanes, 2 * a), 1); // Σx²
  addRes(r, adder(acc), 2);
  r.dsp += 2 * dspPerMultiply(acc, 18, ctx.dsp); // mean and E[x²] scaled by the constant 1/dim
  addLogic(r, ctx.coef.rsqrtUnit);
  r.dsp += lanes * (dspPerMultiply(a + 1, 18, ctx.dsp) + dspPerMultiply(a, nw, ctx.dsp)); // ·rstd, ·γ
  addRes(r, adder(a + 1), lanes); // x − mean
  addRes(r, adder(a), lanes); // + β
  addRes(r, buffer(2 * nw, Math.ceil((dim * ks.length) / lanes), lanes, ctx.dsp)); // γ, β of every norm
  addLogic(r, ctx.coef.unitControl);
  addRes(r, counter(bitsFor(T)));
  addRes(r, counter(bitsFor(dim)));
  return r;
}
