/**
 * Patch embedding = a linear (C·p² → dim) over the image's patches on the shared unit, fed by an im2col
 * strip buffer (p image rows) that the pixels stream into once; the class token and the position
 * embedding are added in the output stage from an on-chip table.
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx, KernelCycles } from '../context';
import { linearCycles } from './linear';
import { addRes, adder, buffer, zero, type Res } from '../fabric';

export function patchEmbedCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  linearCycles(k, ctx, out);
  const pixelBytes = (k.shape.tokens * (k.shape.in ?? 1) * k.precision.in.w) / 8;
  const load = pixelBytes / ctx.ddrBytesPerCycle; // whole image in; overlap with compute not assumed
  out.cycles += load;
  out.memory += load;
  out.ddrBytes += pixelBytes;
  return out;
}

export function patchEmbedUnit(ks: readonly KernelInstance[], ctx: Ctx, biasW: number): Res {
  const r = zero();
  for (const k of ks) {
    const p = k.shape.patch ?? 16;
    const C = k.shape.channels ?? 3;
    const patches = k.shape.tokens;
    const dim = k.shape.out ?? 1;
    const stripPixels = C * p * p * Math.max(1, Math.round(Math.sqrt(patches))); // one row of patches
    const ti = ctx.tiles.linearIn;
    addRes(r, buffer(k.precision.in.w, Math.ceil(stripPixels / ti), ti, ctx.dsp), 2); // ping-pong strip
    addRes(r, buffer(biasW, Math.ceil(((patches + 1) * dim) / ctx.tiles.linearOut), ctx.tiles.linearOut, ctx.dsp)); // pos + cls
    addRes(r, adder(k.precision.out.w), ctx.tiles.linearOut);
  }
  return r;
}
