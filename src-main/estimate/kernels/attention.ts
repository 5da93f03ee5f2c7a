/**
 * Reordered single-pass attention: keys outer, queries inner, so successive pipeline iterations belong to
 * different queries and the online-softmax recurrence (running max, running sum, rescaled accumulator)
 * never stalls; K/V tiles stream once; no score matrix is stored. ah heads × ak keys per cycle.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx, KernelCycles } from '../context';
import { addRes, adder, adderTree, bitsFor, buffer, comparatorLut, counter, dspForMultiplies, dspPerMultiply, muxLut, zero, type Res } from '../fabric';

/** Latency of the per-query recurrence: score → max → exp → rescale → accumulate. */
export const attnRecurrence = (ctx: Ctx): number => ctx.coef.expUnit.depth + 2 * ctx.coef.dspLatency + 4;

export function attentionCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  const T = k.shape.tokens;
  const H = k.shape.heads ?? 1;
  const D = k.shape.headDim ?? 64;
  const ah = Math.min(ctx.tiles.attnHeads, H);
  const ak = Math.min(ctx.tiles.attnKeys, T);
  const groups = Math.ceil(H / ah);
  const depth = ctx.coef.dspLatency + Math.ceil(Math.log2(Math.max(2, D))) + attnRecurrence(ctx) + ctx.coef.rsqrtUnit.depth;
  const main = groups * Math.ceil(T / ak) * Math.max(T, attnRecurrence(ctx));
  const normalise = groups * T; // one query per cycle: D multiplies by 1/sum
  out.cycles = main + normalise + depth + ctx.coef.kernelSwitchCycles;
  out.compute = main + normalise;
  out.memory = 0; // Q, K, V are on chip
  out.ddrBytes = 0;
  out.macs = 2 * H * T * T * D;
  return out;
}

export function attentionUnit(ks: readonly KernelInstance[], ctx: Ctx): Res {
  const r = zero();
  if (!ks.length) return r;
  let T = 1, H = 1, D = 1, a = 1, acc = 1;
  for (const k of ks) {
    T = Math.max(T, k.shape.tokens);
    H = Math.max(H, k.shape.heads ?? 1);
    D = Math.max(D, k.shape.headDim ?? 1);
    a = Math.max(a, k.precision.in.w);
    acc = Math.max(acc, k.precision.acc?.w ?? 2 * a);
  }
  const s = ctx.precision.softmax.w;
  const ah = Math.min(ctx.tiles.attnHeads, H);
  const ak = Math.min(ctx.tiles.attnKeys, T);
  const lanes = ah * ak;
  const accAv = s + a + bitsFor(T); // p·v summed over all keys
  // QK: per lane a D-wide dot product (q shared across the ak keys → packable).
  r.dsp += dspForMultiplies(lanes * D, a, a, ctx.dsp);
  addRes(r, adderTree(D, 2 * a), lanes);
  // Running max over ak scores + the previous max; exp for ak probabilities + 1 correction factor.
  r.lut += ah * ak * (comparatorLut(acc) + muxLut(2, acc));
  r.ff += ah * ak * acc;
  addRes(r, { lut: ctx.coef.expUnit.lut, ff: ctx.coef.expUnit.ff, dsp: ctx.coef.expUnit.dsp, bram18k: 0, uram: 0 }, ah * (ak + 1));
  addRes(r, adderTree(ak, s), ah);
  addRes(r, adder(acc), ah); // running sum
  // AV: p (shared across D) × v.
  r.dsp += dspForMultiplies(lanes * D, s, a, ctx.dsp);
  addRes(r, adderTree(ak, s + a), ah * D);
  addRes(r, adder(accAv), ah * D);
  // Rescale of the D accumulators by exp(m_old − m_new), reused for the final 1/sum.
  r.dsp += ah * D * dspPerMultiply(accAv, s, ctx.dsp);
  addRes(r, { lut: ctx.coef.rsqrtUnit.lut, ff: ctx.coef.rsqrtUnit.ff, dsp: ctx.coef.rsqrtUnit.dsp, bram18k: 0, uram: 0 }, ah);
  r.lut += ah * D * a; // round/saturate outputs
  // Per-query state (running max, sum, D accumulators) for the head group in flight.
  addRes(r, buffer(D * accAv, T, ah, ctx.dsp));
  addRes(r, buffer(2 * acc, T, ah, ctx.dsp));
  // Q, K, V: a word is one head's D values; K and V banked by ah × ak so each cycle reads ak keys.
  const groups = Math.ceil(H / ah);
  addRes(r, buffer(D * a, T * groups, ah, ctx.dsp));
  addRes(r, buffer(D * a, Math.ceil(T / ak) * groups, lanes, ctx.dsp), 2);
  r.lut += ctx.coef.unitControl.lut;
  r.ff += ctx.coef.unitControl.ff;
  addRes(r, counter(bitsFor(T)), 2);
  addRes(r, counter(bitsFor(H)));
  return r;
}
