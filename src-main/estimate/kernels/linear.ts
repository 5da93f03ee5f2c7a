/**
 * The unified linear unit: a ti × to MAC array, weight-stationary per tile. For every (K-tile, N-tile) the
 * ti × to weights are loaded once (double-buffered, overlapped with the previous tile) and every token row
 * streams past them at II = 1, accumulating into a to-bank accumulator buffer. Runs QKV, projection, MLP,
 * experts, gate, patch-embed and head; sized for the widest of them.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx, KernelCycles } from '../context';
import {
  BRAM_READ_BITS, URAM_READ_BITS, addLogic, addRes, adder, adderTree, bitsFor, bramBank, buffer, counter, dspForMultiplies,
  muxLut, packCorrectionLut, productsPerDsp, uramBank, zero, type Res,
} from '../fabric';

/** Token rows one run of the kernel processes: experts see tokens·topk/experts on average. */
export function rowsPerRun(k: KernelInstance): number {
  return k.shape.routed !== undefined && k.repeats > 1 ? k.shape.routed / k.repeats : k.shape.tokens;
}

/** Pipeline depth of one MAC lane: input register, DSP multiply, adder tree over ti, accumulate. */
export const linearDepth = (ti: number, ctx: Ctx): number => ctx.coef.dspLatency + Math.ceil(Math.log2(Math.max(2, ti))) + 2;

export function linearCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  const ti = ctx.tiles.linearIn;
  const to = ctx.tiles.linearOut;
  const K = k.shape.in ?? 1;
  const N = k.shape.out ?? 1;
  const runs = k.repeats;
  const rows = rowsPerRun(k);
  const tiles = Math.ceil(K / ti) * Math.ceil(N / to);
  const depth = linearDepth(ti, ctx);
  const wBits = k.precision.weight?.w ?? 16;
  const tileBytes = (ti * to * wBits) / 8;
  let bytesPerCycle: number;
  if (k.weights.placement === 'ddr') bytesPerCycle = ctx.ddrBytesPerCycle;
  else {
    // Resident weights deliver what their banks' read ports give (36-bit BRAM / 72-bit URAM per bank).
    const bits = (k.weights.count / runs) * wBits;
    bytesPerCycle = k.weights.placement === 'uram' ? (uramBank(72, Math.ceil(bits / 72)) * URAM_READ_BITS) / 8 : (bramBank(36, Math.ceil(bits / 36)) * BRAM_READ_BITS) / 8;
  }
  const load = tileBytes / bytesPerCycle;
  // Accumulator read-modify-write: rows of one tile must be at least the pipeline depth apart.
  const perTile = Math.max(rows, depth, load);
  const perRun = tiles * perTile + load + depth;
  out.cycles = runs * perRun + ctx.coef.kernelSwitchCycles;
  out.compute = runs * tiles * Math.max(rows, depth);
  out.memory = runs * tiles * load;
  out.ddrBytes = k.weights.placement === 'ddr' ? (k.weights.count * wBits) / 8 : 0;
  out.macs = runs * rows * K * N;
  return out;
}

export interface LinearWidths {
  a: number;
  w: number;
  acc: number;
  out: number;
}

export function linearWidths(ks: readonly KernelInstance[]): LinearWidths {
  const r: LinearWidths = { a: 1, w: 1, acc: 1, out: 1 };
  for (const k of ks) {
    if (k.precision.in.w > r.a) r.a = k.precision.in.w;
    const w = k.precision.weight?.w ?? 0;
    if (w > r.w) r.w = w;
    const acc = k.precision.acc?.w ?? 0;
    if (acc > r.acc) r.acc = acc;
    if (k.precision.out.w > r.out) r.out = k.precision.out.w;
  }
  return r;
}

export function linearUnit(ks: readonly KernelInstance[], ctx: Ctx, biasW: number): Res {
  const r = zero();
  if (!ks.length) return r;
  const ti = ctx.tiles.linearIn;
  const to = ctx.tiles.linearOut;
  const { a, w, acc, out } = linearWidths(ks);
  const mults = ti * to;
  r.dsp += dspForMultiplies(mults, a, w, ctx.dsp);
  if (productsPerDsp(a, w, ctx.dsp) > 1) r.lut += (mults / 2) * packCorrectionLut(a + w);
  addRes(r, adderTree(ti, a + w), to); // one tree per output lane
  addRes(r, adder(acc), to); // accumulate
  // Accumulator buffer: one bank per output lane, one word per token row.
  let rows = 1;
  let maxOut = 1;
  for (const k of ks) {
    rows = Math.max(rows, k.shape.tokens);
    maxOut = Math.max(maxOut, k.shape.out ?? 1);
  }
  addRes(r, buffer(acc, rows, to, ctx.dsp));
  r.ff += ti * a; // input activation register
  r.lut += muxLut(4, ti * a); // input source select: pixels / normalised x / attention out / hidden
  r.ff += 2 * mults * w; // double-buffered weight tile (loaded while the previous tile computes)
  // Output stage per lane: bias add, round + saturate to the output type.
  addRes(r, adder(acc), to);
  r.lut += to * (out + Math.ceil(acc / 2));
  r.ff += to * out;
  // Biases travel with their weights (streamed, or resident beside them): the current tile's to biases
  // sit in double-buffered registers.
  r.ff += 2 * to * biasW;
  // Resident weights (placement bram/uram), packed 36 (BRAM) / 72 (URAM) bits wide.
  for (const k of ks) {
    if (k.weights.placement === 'ddr') continue;
    const bits = k.weights.count * (k.precision.weight?.w ?? 16);
    if (k.weights.placement === 'uram') r.uram += uramBank(72, Math.ceil(bits / 72));
    else r.bram18k += bramBank(36, Math.ceil(bits / 36));
  }
  addLogic(r, ctx.coef.unitControl);
  addRes(r, counter(bitsFor(maxOut)), 3); // K-tile, N-tile and row counters
  addRes(r, counter(bitsFor(rows)));
  return r;
}
