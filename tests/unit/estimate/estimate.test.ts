import { describe, expect, it } from 'vitest';
import { planFromStructure } from '../../../src-main/plan/from-graph';
import { parseTiles } from '../../../src-main/plan/tiles';
import { parsePrecision } from '../../../src-main/plan/precision';
import { estimate, estimateRaw } from '../../../src-main/estimate/estimate';
import { RESOURCE_KEYS } from '../../../src-main/estimate/fit';
import { M3VIT_SIZE, M3VIT_T, vitStructure, zcu102 } from './fixtures';

const board = zcu102();

describe('estimate', () => {
  const s = vitStructure(M3VIT_T, 'm3vit-t');
  const plan = planFromStructure(s, { board, clockMHz: 300, tiles: parseTiles('in=32,out=16,heads=1,keys=2') });

  it('is deterministic: same plan → same figures', () => {
    const a = estimate(plan, board);
    const b = estimate(structuredClone(plan), board);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('labels every figure estimate and sums units to the total', () => {
    const e = estimate(plan, board);
    const figs: Array<{ source: string }> = [];
    const walk = (v: unknown): void => {
      if (v && typeof v === 'object') {
        if ('source' in v && 'value' in v) figs.push(v as { source: string });
        else for (const x of Object.values(v)) walk(x);
      }
    };
    walk(e);
    expect(figs.length).toBeGreaterThan(100);
    expect(figs.every((f) => f.source === 'estimate')).toBe(true);
    for (const k of RESOURCE_KEYS) {
      const sum = e.units.reduce((s, u) => s + u[k].value, 0);
      expect(e.totals[k].value).toBeGreaterThanOrEqual(sum - e.units.length); // per-unit ceilings
      expect(e.totals[k].value).toBeLessThanOrEqual(sum + 1);
    }
    const layerCycles = e.layers.reduce((s, l) => s + l.cycles.value, 0);
    expect(Math.abs(layerCycles - e.totals.cycles.value)).toBeLessThanOrEqual(e.layers.length);
    expect(e.totals.latencyMs.value).toBeCloseTo(e.totals.cycles.value / 300e3, 9);
  });

  it('splits power onto the ZCU102 rails', () => {
    const e = estimate(plan, board);
    const names = e.power.rails.map((r) => r.name);
    expect(names.slice(0, 3)).toEqual(['VCCINT', 'VCCBRAM', 'VCCAUX']);
    // ZCU102 monitors these rails: the sensors are named so the Power view can show the measurement beside them.
    expect(e.power.rails.slice(0, 3).map((r) => r.sensor)).toEqual(['ina226_u79', 'ina226_u81', 'ina226_u80']);
    const sum = e.power.rails.reduce((s, r) => s + r.watts.value, 0);
    expect(sum).toBeCloseTo(e.power.totalW.value, 6);
    expect(e.power.plW.value).toBeLessThan(e.power.totalW.value);
  });

  it('names the resource and the overflow of an over-budget plan', () => {
    const big = planFromStructure(s, { board, clockMHz: 300, tiles: parseTiles('in=128,out=64,heads=3,keys=16') });
    const e = estimate(big, board);
    expect(e.fit.fits).toBe(false);
    const dsp = e.fit.over.find((o) => o.resource === 'dsp')!;
    expect(dsp.available).toBe(2520);
    expect(dsp.overflow).toBe(e.totals.dsp.value - 2520);
    expect(dsp.message).toContain('DSP');
    expect(dsp.message).toContain(`over by ${(e.totals.dsp.value - 2520).toLocaleString('en-US')}`);
    expect(e.fit.messages[0]).toMatch(/over budget on ZCU102/);
  });

  it('W16A32 needs two DSPs per multiply, INT8 half a DSP', () => {
    const t = parseTiles('in=16,out=16,heads=1,keys=1');
    const lin = (p: string) => estimateRaw(planFromStructure(s, { board, tiles: t, precision: parsePrecision(p) }), board).units.find((u) => u.name === 'linear')!.res.dsp;
    expect(lin('default')).toBe(256);
    expect(lin('w16a32')).toBe(512);
    expect(lin('int8')).toBe(128);
  });

  it('applies calibration factors and says so', () => {
    const cal = { key: 'zynq-ultrascale+|2023.1', samples: 3, factors: { lut: 2, ff: 1, dsp: 1, bram18k: 1, uram: 1, cycles: 1.5, power: 1 } };
    const base = estimate(plan, board);
    const e = estimate(plan, board, { calibration: cal });
    expect(e.totals.lut.value).toBeGreaterThanOrEqual(2 * base.totals.lut.value - 1);
    expect(e.totals.cycles.value).toBe(Math.ceil(base.totals.cycles.value * 1.5));
    expect(e.calibration.applied).toBe(true);
    expect(e.assumptions.some((a) => a.includes('calibration zynq-ultrascale+|2023.1 applied'))).toBe(true);
    expect(base.assumptions.some((a) => a.includes('no calibration applied'))).toBe(true);
  });

  it('M³ViT-size MoE on ZCU102 @ 300 MHz: per-layer table with assumptions', () => {
    const big = vitStructure(M3VIT_SIZE, 'm3vit-size');
    const p = planFromStructure(big, { board, clockMHz: 300, tiles: parseTiles('in=32,out=32,heads=1,keys=2') });
    const e = estimate(p, board);
    expect(e.layers.map((l) => l.layer)).toEqual(big.layers.filter((l) => l.kind !== 'head' || l.attrs.classes).map((l) => l.name));
    const moe = e.layers.filter((l) => l.kind === 'moe');
    expect(moe).toHaveLength(6);
    // 197 tokens · top-4 / 16 experts = 49.25 rows per expert
    expect(e.assumptions.some((a) => a.includes('49.25'))).toBe(true);
    expect(e.assumptions.length).toBeGreaterThan(10);
    for (const l of e.layers) for (const k of ['lut', 'ff', 'dsp', 'bram18k', 'uram', 'cycles', 'latencyMs'] as const) expect(l[k].source).toBe('estimate');
    // MACs of all kernels (gates and routed experts included) add up to the structure's count, computed independently.
    const macs = e.layers.reduce((s, l) => s + l.macs.value, 0);
    expect(macs).toBe(big.totals.macs);
  });

  it('is fast: a full-model estimate well under 10 ms', () => {
    // Best of several batches: the machine is shared, and contention only ever adds time.
    let best = Infinity;
    for (let b = 0; b < 8; b++) {
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) estimate(plan, board);
      best = Math.min(best, (performance.now() - t0) / 10);
    }
    expect(best).toBeLessThan(10);
  });
});
