/**
 * Kernel models on small cases worked by hand. The test board streams 3.2 GB/s at 100 MHz; with the
 * 0.8 sustained-bandwidth assumption that is 3.2e9 × 0.8 / 100e6 = 25.6 B/cycle over 2 AXI ports.
 */
import { describe, expect, it } from 'vitest';
import type { KernelInstance } from '../../../src-main/plan/plan';
import { defaultPrecision, fx, parsePrecision } from '../../../src-main/plan/precision';
import { makeCtx, type KernelCycles } from '../../../src-main/estimate/context';
import { linearCycles, linearUnit } from '../../../src-main/estimate/kernels/linear';
import { attentionCycles } from '../../../src-main/estimate/kernels/attention';
import { layernormCycles } from '../../../src-main/estimate/kernels/layernorm';
import { dispatchCycles } from '../../../src-main/estimate/kernels/moe';
import { tinyBoard } from './fixtures';


const cyc = (): KernelCycles => ({ cycles: 0, compute: 0, memory: 0, ddrBytes: 0, macs: 0 });
const a16 = fx(16, 6);
const linear = (over: Partial<KernelInstance> & { shape: KernelInstance['shape'] }): KernelInstance => ({
  id: 'k', kind: 'linear', layer: 'l', block: 0, repeats: 1, unit: 'linear',
  precision: { in: a16, out: a16, weight: fx(16, 2), acc: fx(40, 16) },
  weights: { count: (over.shape.in ?? 1) * (over.shape.out ?? 1), placement: 'ddr' }, ...over,
});

describe('context', () => {
  it('derives DRAM bytes per cycle and ports', () => {
    const ctx = makeCtx(tinyBoard, { linearIn: 16, linearOut: 8, attnHeads: 1, attnKeys: 2 }, defaultPrecision(), 100);
    expect(ctx.ddrBytesPerCycle).toBeCloseTo(25.6, 9);
    expect(ctx.axiPorts).toBe(2); // ceil(25.6 / 16)
  });
});

describe('linear unit', () => {
  const ctx = makeCtx(tinyBoard, { linearIn: 16, linearOut: 8, attnHeads: 1, attnKeys: 2 }, defaultPrecision(), 100);

  it('cycles: tiles × max(rows, depth, weight load) + fill + depth + switch', () => {
    // K = 64, N = 32 with 16 × 8 tiles: 4 × 4 = 16 tiles. Depth = 4 (DSP) + log2 16 (4) + 2 = 10.
    // A tile is 16 × 8 × 2 B = 256 B → 256 / 25.6 = 10 load cycles.
    // rows = 40: per tile max(40, 10, 10) = 40; run = 16 × 40 + 10 (fill) + 10 (depth) = 660; + 16 switch = 676.
    const c = linearCycles(linear({ shape: { tokens: 40, in: 64, out: 32 } }), ctx, cyc());
    expect(c.cycles).toBeCloseTo(676, 9);
    expect(c.compute).toBe(640);
    expect(c.memory).toBeCloseTo(160, 9);
    expect(c.macs).toBe(40 * 64 * 32);
    expect(c.ddrBytes).toBe(64 * 32 * 2);
  });

  it('few rows: the weight stream bounds the tile', () => {
    // rows = 4 < load 10 → each tile costs max(4, 10, 10) = 10: 16 × 10 + 10 + 10 + 16 = 196.
    const c = linearCycles(linear({ shape: { tokens: 4, in: 64, out: 32 } }), ctx, cyc());
    expect(c.cycles).toBeCloseTo(196, 9);
    // 8-bit weights halve the load: 5 cycles; depth 10 now bounds: still 16 × 10 + 5 + 10 + 16 = 191
    const k8 = linear({ shape: { tokens: 4, in: 64, out: 32 } });
    k8.precision.weight = fx(8, 1);
    expect(linearCycles(k8, ctx, cyc()).cycles).toBeCloseTo(191, 9);
  });

  it('experts: routed rows split evenly over the repeats, weights stream once per expert', () => {
    // 4 experts, 32 routed rows → 8 rows each; K = 16, N = 8 → 1 tile of 256 B → load 10.
    // per expert: 1 × max(8, 10, 10) + 10 + 10 = 30; × 4 = 120; + 16 = 136.
    const k = linear({ shape: { tokens: 16, in: 16, out: 8, routed: 32, experts: 4 }, repeats: 4, weights: { count: 4 * 16 * 8, placement: 'ddr' } });
    const c = linearCycles(k, ctx, cyc());
    expect(c.cycles).toBeCloseTo(136, 9);
    expect(c.macs).toBe(32 * 16 * 8);
    expect(c.ddrBytes).toBe(4 * 16 * 8 * 2);
  });

  it('DSPs: one per 16 × 16 MAC, half with INT8 packing', () => {
    const k = linear({ shape: { tokens: 4, in: 64, out: 32 } });
    expect(linearUnit([k], ctx, 16).dsp).toBe(16 * 8);
    const p8 = parsePrecision('int8');
    const ctx8 = makeCtx(tinyBoard, ctx.tiles, p8, 100);
    const k8 = linear({ shape: { tokens: 4, in: 64, out: 32 }, precision: { in: fx(8, 4), out: fx(8, 4), weight: fx(8, 1), acc: fx(22, 11) } });
    expect(linearUnit([k8], ctx8, 16).dsp).toBe(64);
  });
});

describe('attention, layernorm, dispatch', () => {
  const ctx = makeCtx(tinyBoard, { linearIn: 16, linearOut: 8, attnHeads: 1, attnKeys: 2 }, defaultPrecision(), 100);

  it('attention: groups × key steps × max(queries, recurrence) + normalise + depth', () => {
    // T = 8, H = 2, D = 4, 1 head × 2 keys per cycle: 2 groups × 4 key steps.
    // Recurrence = exp depth 8 + 2 × 4 + 4 = 20 > 8 queries → 20 cycles per key step: 2 × 4 × 20 = 160.
    // Normalise: 2 × 8 = 16. Depth: 4 + log2 4 (2) + 20 + 12 (reciprocal) = 38. Switch 16. Total 230.
    const k: KernelInstance = { id: 'a', kind: 'attention', layer: 'l', block: 0, repeats: 1, unit: 'attention', shape: { tokens: 8, heads: 2, headDim: 4 }, precision: { in: a16, out: a16, acc: fx(34, 14) }, weights: { count: 0, placement: 'bram' } };
    const c = attentionCycles(k, ctx, cyc());
    expect(c.cycles).toBe(230);
    expect(c.macs).toBe(2 * 2 * 8 * 8 * 4);
  });

  it('layernorm: two passes of ceil(dim / lanes) per token', () => {
    // T = 10, dim = 64, 16 lanes: 10 × 2 × 4 = 80; depth 2 × 4 + log2 16 (4) + 12 + 4 = 28; + 16 = 124.
    const k: KernelInstance = { id: 'n', kind: 'layernorm', layer: 'l', block: 0, repeats: 1, unit: 'layernorm', shape: { tokens: 10, in: 64 }, precision: { in: a16, out: a16, weight: fx(16, 5), acc: fx(38, 18) }, weights: { count: 128, placement: 'bram' } };
    expect(layernormCycles(k, ctx, cyc()).cycles).toBe(124);
  });

  it('dispatch: one list entry per cycle', () => {
    // 129 tokens × top-2 = 258 entries + 16 experts + 16 switch = 290
    const k: KernelInstance = { id: 'd', kind: 'moe-dispatch', layer: 'l', block: 1, repeats: 1, unit: 'moe', shape: { tokens: 129, experts: 16, topk: 2, routed: 258 }, precision: { in: a16, out: a16 }, weights: { count: 0, placement: 'bram' } };
    expect(dispatchCycles(k, ctx, cyc()).cycles).toBe(290);
  });
});
