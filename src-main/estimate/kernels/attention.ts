/**
 * Reordered single-pass attention: keys outer, queries inner, so successive pipeline iterations belong to
 * different queries and the online-softmax recurrence (running max, running sum, rescaled accumulator)
 * never stalls; K/V tiles stream once; no score matrix is stored. ah heads × ak keys per cycle.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx, KernelCycles } from '../context';
import { addLogic, addRes, adder, adderTree, bitsFor, buffer, comparatorLut, counter, dspForMultiplies, dspPerMultiply, muxLut, zero, type Res } from '../fabric';

/** Multiplies per lane along the head dimension: the attnDim tile, or the whole head. */
export const dimLanes = (ctx: Ctx, D: number): number => Math.max(1, Math.min(ctx.tiles.attnDim || D, D));

/** Latency of the per-query recurrence: score → max → exp → rescale → accumulate. */
export const attnRecurrence = (ctx: Ctx): number => ctx.coef.expUnit.depth + 2 * ctx.coef.dspLatency + 4;

export function attentionCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  const T = k.shape.tokens;
  const H = k.shape.heads ?? 1;
  const D = k.shape.headDim ?? 64;
  const ah = Math.min(ctx.tiles.attnHeads, H);
  const ak = Math.min(ctx.tiles.attnKeys, T);
  const dp = dimLanes(ctx, D);
  const folds = Math.ceil(D / dp);
  const groups = Math.ceil(H / ah);
  const depth = ctx.coef.dspLatency + Math.ceil(Math.log2(Math.max(2, dp))) + attnRecurrence(ctx) + ctx.coef.rsqrtUnit.depth;
  // Each key step takes `folds` passes over the head dimension (dp products per lane per cycle).
  const main = groups * Math.ceil(T / ak) * folds * Math.max(T, attnRecurrence(ctx));
  const normalise = groups * T * folds; // one query per cycle: dp multiplies by 1/sum
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
  const dp = dimLanes(ctx, D);
  const folds = Math.ceil(D / dp);
  const accAv = s + a + bitsFor(T); // p·v summed over all keys
  // QK: per lane dp products of the dot product (q shared across the ak keys → packable); partial sums
  // over the folds accumulate in one adder per lane.
  r.dsp += dspForMultiplies(lanes * dp, a, a, ctx.dsp);
  addRes(r, adderTree(dp, 2 * a), lanes);
  if (folds > 1) addRes(r, adder(acc), lanes);
  // Running max over ak scores + the previous max; exp for ak probabilities + 1 correction factor.
  r.lut += ah * ak * (comparatorLut(acc) + muxLut(2, acc));
  r.ff += ah * ak * acc;
  addLogic(r, ctx.coef.expUnit, ah * (ak + 1));
  addRes(r, adderTree(ak, s), ah);
  addRes(r, adder(acc), ah); // running sum
  // AV: p (shared across the dp outputs) × v.
  r.dsp += dspForMultiplies(lanes * dp, s, a, ctx.dsp);
  addRes(r, adderTree(ak, s + a), ah * dp);
  addRes(r, adder(accAv), ah * dp);
  // Rescale of the accumulators by exp(m_old − m_new), reused for the final 1/sum.
  r.dsp += ah * dp * dspPerMultiply(accAv, s, ctx.dsp);
  addLogic(r, ctx.coef.rsqrtUnit, ah);
  r.lut += ah * dp * a; // round/saturate outputs
  // Per-query state (running max, sum, D accumulators as `folds` words of dp) for the head group in flight.
  addRes(r, buffer(dp * accAv, T * folds, ah, ctx.dsp));
  addRes(r, buffer(2 * acc, T, ah, ctx.dsp));
  // Q, K, V: a word is dp values of one head; K and V banked by ah × ak so each cycle reads ak keys.
  const groups = Math.ceil(H / ah);
  addRes(r, buffer(dp * a, T * groups * folds, ah, ctx.dsp));
  addRes(r, buffer(dp * a, Math.ceil(T / ak) * groups * folds, lanes, ctx.dsp), 2);
  addLogic(r, ctx.coef.unitControl);
  addRes(r, counter(bitsFor(T)), 2);
  addRes(r, counter(bitsFor(H)));
  return r;
}
