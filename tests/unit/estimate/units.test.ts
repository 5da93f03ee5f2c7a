/**
 * Unit (hardware) models and power on small cases worked by hand. Board and clock as in kernels.test.ts:
 * 25.6 B/cycle of DRAM, DSP48E2, tiles in = 16, out = 8, 1 head × 2 keys.
 */
import { describe, expect, it } from 'vitest';
import type { KernelInstance } from '../../../src-main/plan/plan';
import { defaultPrecision, fx } from '../../../src-main/plan/precision';
import { makeCtx, type KernelCycles } from '../../../src-main/estimate/context';
import { attentionCycles, attentionUnit } from '../../../src-main/estimate/kernels/attention';
import { layernormUnit } from '../../../src-main/estimate/kernels/layernorm';
import { geluUnit } from '../../../src-main/estimate/kernels/gelu';
import { residualUnit } from '../../../src-main/estimate/kernels/residual';
import { patchEmbedCycles } from '../../../src-main/estimate/kernels/patch-embed';
import { gateCycles } from '../../../src-main/estimate/kernels/moe';
import { estimatePower } from '../../../src-main/estimate/power';
import { tinyBoard } from './fixtures';

const ctx = makeCtx(tinyBoard, { linearIn: 16, linearOut: 8, attnHeads: 1, attnKeys: 2 }, defaultPrecision(), 100);
const a16 = fx(16, 6);
const cyc = (): KernelCycles => ({ cycles: 0, compute: 0, memory: 0, ddrBytes: 0, macs: 0 });
const kernel = (kind: KernelInstance['kind'], shape: KernelInstance['shape'], extra: Partial<KernelInstance> = {}): KernelInstance => ({
  id: kind, kind, layer: 'l', block: 0, repeats: 1, shape, precision: { in: a16, out: a16 }, weights: { count: 0, placement: 'bram' }, ...extra,
});

describe('unit resources', () => {
  it('attention DSPs: QK + AV lanes, exp units, rescale, reciprocal', () => {
    // T = 8, H = 2, D = 4; 1 head × 2 keys = 2 lanes. QK: 2 × 4 = 8 products of 16 × 16 → 8 DSP.
    // exp units: 1 × (2 + 1) = 3 × 2 DSP = 6. AV: 8 products 16 × 16 → 8.
    // Rescale: D = 4 accumulators of 16 + 16 + log2 8 = 35 bits × 16-bit factor: 35 on the 27-bit port
    // = 2 pieces → 2 DSP each = 8. Reciprocal: 3. Total 8 + 6 + 8 + 8 + 3 = 33.
    const k = kernel('attention', { tokens: 8, heads: 2, headDim: 4 }, { precision: { in: a16, out: a16, acc: fx(34, 14) } });
    expect(attentionUnit([k], ctx).dsp).toBe(33);
  });

  it('attention with the head dimension folded (attnDim = 2): half the multipliers, twice the passes', () => {
    // dp = 2 → folds = 2. QK 2 lanes × 2 = 4 DSP; exp 6; AV 4; rescale 1 × 2 × 2 = 4; reciprocal 3 → 21.
    // Cycles: 2 groups × 4 key steps × 2 folds × max(8, 20) = 320; normalise 2 × 8 × 2 = 32;
    // depth 4 + log2 2 (1) + 20 + 12 = 37; switch 16 → 405.
    const folded = makeCtx(tinyBoard, { linearIn: 16, linearOut: 8, attnHeads: 1, attnKeys: 2, attnDim: 2 }, defaultPrecision(), 100);
    const k = kernel('attention', { tokens: 8, heads: 2, headDim: 4 }, { precision: { in: a16, out: a16, acc: fx(34, 14) } });
    expect(attentionUnit([k], folded).dsp).toBe(21);
    expect(attentionCycles(k, folded, cyc()).cycles).toBe(405);
  });

  it('layernorm DSPs: x², two scalings, rsqrt, two per lane', () => {
    // 16 lanes × x² (1) = 16; mean and E[x²] × 1/dim: 38-bit × 18-bit → 2 each = 4; rsqrt 3;
    // per lane ·rstd (17 × 18 → 1) and ·γ (16 × 16 → 1) = 32. Total 55.
    const k = kernel('layernorm', { tokens: 10, in: 64 }, { precision: { in: a16, out: a16, weight: fx(16, 5), acc: fx(38, 18) } });
    expect(layernormUnit([k], ctx).dsp).toBe(55);
  });

  it('GELU: per output lane two 16 × 18 multiplies, adders, 4 comparators, a 54-bit ROM', () => {
    // Per lane: DSP 2; LUT 2 × 18 (adders) + 4 × (16/2 + 1) (compares) + 3 × 18 (ROM) = 36 + 36 + 54 = 126;
    // FF 2 × 18 + 3 × 16 = 84. Eight lanes: DSP 16, LUT 1008, FF 672.
    expect(geluUnit([kernel('gelu', { tokens: 1, in: 8 })], ctx)).toMatchObject({ dsp: 16, lut: 1008, ff: 672 });
  });

  it('residual: a 17-bit saturating adder per output lane', () => {
    // 8 × (17 + 16/2) LUT = 200; 8 × 17 FF = 136.
    expect(residualUnit([kernel('residual', { tokens: 1, in: 8 })], ctx)).toMatchObject({ lut: 200, ff: 136, dsp: 0 });
  });
});

describe('kernel cycles on the shared unit', () => {
  it('patch-embed: the linear over patches plus the image read', () => {
    // 8 patches, K = 3 × 4 × 4 = 48, N = 16: 3 × 2 = 6 tiles of 256 B (10 load cycles); rows 8 < depth 10
    // → 6 × 10 + 10 + 10 + 16 = 96; pixels 8 × 48 bytes = 384 B / 25.6 = 15 more → 111.
    const k = kernel('patch-embed', { tokens: 8, in: 48, out: 16, patch: 4, channels: 3 }, {
      unit: 'linear', precision: { in: fx(8, 0, false), out: a16, weight: fx(16, 2), acc: fx(30, 8) }, weights: { count: 48 * 16 + 16, placement: 'ddr' },
    });
    const c = patchEmbedCycles(k, ctx, cyc());
    expect(c.cycles).toBeCloseTo(111, 9);
    expect(c.ddrBytes).toBe((48 * 16 + 16) * 2 + 384);
  });

  it('gate: linear dim → experts, then k softmax steps per token', () => {
    // T = 10, K = 16, N = 4: one tile, max(10, 10, 10) = 10, + 10 + 10 + 16 = 46; + 10 × 2 = 66.
    const k = kernel('moe-gate', { tokens: 10, in: 16, out: 4, experts: 4, topk: 2 }, {
      unit: 'linear', precision: { in: a16, out: fx(16, 2), weight: fx(16, 2), acc: fx(36, 12) }, weights: { count: 68, placement: 'ddr' },
    });
    expect(gateCycles(k, ctx, cyc()).cycles).toBeCloseTo(66, 9);
  });
});

describe('power', () => {
  it('static by device size + dynamic per element × MHz × activity, on the PL rails', () => {
    // 100 MHz, activity 0.5: LUT 1000 × 0.012 µW/MHz × 0.5 × 100 = 0.6 mW; FF 2000 × 0.004 × 0.5 × 100 = 0.4 mW;
    // clock 2000 × 0.002 × 100 = 0.4 mW; DSP 10 × 5 × 0.5 × 100 = 2.5 mW; BRAM 4 × 4.5 × 0.5 × 100 = 0.9 mW.
    // Dynamic 4.8 mW. Static for 100k LUTs: 0.16 + 0.012 + 0.06 = 0.232 W. PS floor 1.0 W, no DRAM traffic.
    // VCCINT = 0.16 + 0.6 + 0.4 + 0.4 + 2.5 mW + 60 % of 0.9 mW = 0.16444 W; VCCBRAM = 0.012 + 0.36 mW.
    const p = estimatePower([{ res: { lut: 1000, ff: 2000, dsp: 10, bram18k: 4, uram: 0 }, activity: 0.5 }], tinyBoard, 100, 0, 1e-3);
    expect(p.dynamicW).toBeCloseTo(4.8e-3, 12);
    expect(p.staticW).toBeCloseTo(0.232, 12);
    expect(p.rails.map((r) => r.name)).toEqual(['VCCINT', 'VCCBRAM', 'VCCAUX', 'PS+DDR (model)']);
    expect(p.rails.every((r) => r.sensor === undefined)).toBe(true); // the test board has no monitors
    expect(p.rails[0].watts).toBeCloseTo(0.16444, 12);
    expect(p.rails[1].watts).toBeCloseTo(0.01236, 12);
    expect(p.plW).toBeCloseTo(0.2368, 12);
    expect(p.totalW).toBeCloseTo(1.2368, 12);
    // DRAM: 1 MB in 1 ms at 160 pJ/B = 0.16 W on top of the PS floor.
    expect(estimatePower([], tinyBoard, 100, 1e6, 1e-3).psDdrW).toBeCloseTo(1.16, 12);
  });
});
