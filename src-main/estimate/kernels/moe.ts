/**
 * MoE gate + dispatch + combine. The gate matmul runs on the linear unit (as kind 'moe-gate'); its
 * output stage keeps the top-k scores per token (k compare-and-insert slots), softmaxes them, and appends
 * (token, weight) to each chosen expert's list. Experts then run one after another over their lists
 * (weights streamed once per image); fc2's output stage multiplies by the gate weight and accumulates.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx, KernelCycles } from '../context';
import { linearCycles } from './linear';
import { addLogic, addRes, adder, bitsFor, buffer, comparatorLut, counter, dspPerMultiply, muxLut, zero, type Res } from '../fabric';

/** Gate: a linear dim → experts on the shared unit, then a sequential top-k softmax (k exps per token). */
export function gateCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  linearCycles(k, ctx, out);
  const extra = k.shape.tokens * (k.shape.topk ?? 1);
  out.cycles += extra;
  out.compute += extra;
  return out;
}

/** Dispatch: list bookkeeping, one (token, expert) entry per cycle. The combine is fused into fc2. */
export function dispatchCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  const entries = k.shape.routed ?? k.shape.tokens * (k.shape.topk ?? 1);
  out.cycles = entries + (k.shape.experts ?? 1) + ctx.coef.kernelSwitchCycles;
  out.compute = entries;
  out.memory = 0;
  out.ddrBytes = 0;
  out.macs = 0;
  return out;
}

export function moeUnit(ks: readonly KernelInstance[], ctx: Ctx): Res {
  const r = zero();
  if (!ks.length) return r;
  let T = 1, E = 1, K = 1, dim = 1, a = 1;
  for (const k of ks) {
    T = Math.max(T, k.shape.tokens);
    E = Math.max(E, k.shape.experts ?? 1);
    K = Math.max(K, k.shape.topk ?? 1);
    dim = Math.max(dim, k.shape.in ?? 1);
    a = Math.max(a, k.precision.in.w);
  }
  const s = ctx.precision.softmax.w;
  const idx = bitsFor(E);
  // Top-k insert: k slots of (score, expert id), each with a comparator and a shift mux.
  r.lut += K * (comparatorLut(s + 8) + muxLut(2, s + 8 + idx));
  r.ff += K * (s + 8 + idx);
  // Softmax over the k kept scores: one exp and one reciprocal, k weight multiplies.
  addLogic(r, ctx.coef.expUnit);
  addLogic(r, ctx.coef.rsqrtUnit);
  r.dsp += dspPerMultiply(s + 8, 18, ctx.dsp);
  // Per-expert token lists: (token id, gate weight), capacity T per expert; fill counters.
  addRes(r, buffer(bitsFor(T) + s, E * T, 1, ctx.dsp));
  addRes(r, counter(bitsFor(T)), E);
  // Combine in fc2's output stage: to lanes of gate-weight × expert-output, accumulated per token.
  const lanes = ctx.tiles.linearOut;
  r.dsp += lanes * dspPerMultiply(s, a, ctx.dsp);
  addRes(r, adder(a + 2), lanes);
  addRes(r, buffer(a + 2, Math.ceil((T * dim) / lanes), lanes, ctx.dsp)); // combined output
  addLogic(r, ctx.coef.unitControl);
  return r;
}
