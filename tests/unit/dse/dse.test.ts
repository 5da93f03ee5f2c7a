import { describe, expect, it } from 'vitest';
import { dominates, paretoFront, ParetoFront } from '../../../src-main/dse/pareto';
import { defaultSpace, pointAt, sampleIndices, spaceSize } from '../../../src-main/dse/space';
import { explore, exploreIter } from '../../../src-main/dse/explore';
import { bestTiling } from '../../../src-main/dse/default-plan';
import { estimate } from '../../../src-main/estimate/estimate';
import type { DseResult } from '../../../src-main/dse/evaluate';
import { M3VIT_T, vitStructure, zcu102 } from '../estimate/fixtures';

const board = zcu102();
const s = vitStructure(M3VIT_T, 'm3vit-t');
const pt = (latencyMs: number, dsp: number, lut = 0, bram18k = 0, powerW = 0) => ({ latencyMs, dsp, lut, bram18k, powerW });

describe('pareto', () => {
  it('dominance: no worse everywhere, better somewhere', () => {
    expect(dominates(pt(1, 10), pt(2, 10))).toBe(true);
    expect(dominates(pt(1, 10), pt(1, 10))).toBe(false);
    expect(dominates(pt(1, 20), pt(2, 10))).toBe(false);
  });

  it('keeps exactly the non-dominated points', () => {
    const f = paretoFront([pt(1, 30), pt(2, 20), pt(3, 10), pt(2, 25), pt(4, 10), pt(1, 30)]);
    expect(f.map((p) => [p.latencyMs, p.dsp])).toEqual([[1, 30], [2, 20], [3, 10]]);
    const inc = new ParetoFront();
    expect(inc.insert(pt(5, 5))).toBe(true);
    expect(inc.insert(pt(6, 6))).toBe(false);
    expect(inc.insert(pt(1, 1))).toBe(true);
    expect(inc.size).toBe(1);
  });
});

describe('design space', () => {
  it('enumerates deterministically and samples without repeats', () => {
    const sp = defaultSpace(s, board, ['default', 'int8']);
    const n = spaceSize(sp);
    expect(n).toBe(sp.linearIn.length * sp.linearOut.length * sp.attnHeads.length * sp.attnKeys.length * 2 * 2);
    expect(pointAt(sp, 0)).toEqual({ tiles: { linearIn: 4, linearOut: 4, attnHeads: 1, attnKeys: 1 }, precision: 'default', clockMHz: 300, weightBram: 0 });
    const a = sampleIndices(sp, 50, 7);
    expect(a).toEqual(sampleIndices(sp, 50, 7));
    expect(new Set(a).size).toBe(50);
    expect(a.every((i) => i >= 0 && i < n)).toBe(true);
    expect(sampleIndices(sp, n + 10)).toHaveLength(n);
  });
});

describe('explore', () => {
  it('streams every point and returns a non-dominated front of feasible plans', async () => {
    const seen: DseResult[] = [];
    const r = await explore({ structure: s, board, budget: 300, space: { precisions: ['default', 'int8'] } }, (p) => seen.push(p));
    expect(r.evaluated).toBe(300);
    expect(seen).toHaveLength(300);
    expect(r.front.length).toBeGreaterThan(0);
    for (const p of r.front) {
      expect(p.feasible).toBe(true);
      for (const q of r.front) expect(dominates(q, p)).toBe(false);
    }
    // Every feasible point is on the front or dominated by (or equal to) one on it.
    for (const p of seen.filter((x) => x.feasible)) {
      expect(r.front.some((f) => f === p || dominates(f, p) || (['latencyMs', 'dsp', 'lut', 'bram18k', 'powerW'] as const).every((k) => f[k] === p[k]))).toBe(true);
    }
    expect(seen.filter((x) => !x.feasible).every((x) => typeof x.reason === 'string')).toBe(true);
  });

  it('honours a latency target', async () => {
    const r = await explore({ structure: s, board, budget: 200, constraints: { latencyMs: 5 } });
    expect(r.front.every((p) => p.latencyMs <= 5)).toBe(true);
  });

  it('cancels via AbortSignal', async () => {
    const ac = new AbortController();
    let n = 0;
    const r = await explore({ structure: s, board, budget: 1000 }, () => {
      if (++n === 10) ac.abort();
    }, ac.signal);
    expect(r.cancelled).toBe(true);
    expect(r.evaluated).toBeLessThan(1000);
  });

  it('worker threads give the same results as one thread', async () => {
    const opts = { structure: s, board, budget: 120, space: { precisions: ['default', 'w16a32'] } };
    const one = await explore(opts);
    const got: DseResult[] = [];
    const two = await explore({ ...opts, workers: 2 }, (p) => got.push(p));
    expect(two.workers).toBe(2);
    expect(two.evaluated).toBe(120);
    expect(got.map((p) => p.index).sort((a, b) => a - b)).toEqual([...new Set(got.map((p) => p.index))].sort((a, b) => a - b));
    expect(two.front).toEqual(one.front);
  });

  it('also works as an async iterator', async () => {
    let n = 0;
    const iter = exploreIter({ structure: s, board, budget: 40 });
    for await (const p of iter) if (p.source === 'estimate') n++;
    expect(n).toBe(40);
  });
});

describe('default plan', () => {
  it('picks a tiling that fits the board with headroom', () => {
    const { plan, point, searched } = bestTiling(s, board, { clockMHz: 300 });
    expect(searched).toBeGreaterThan(100);
    const e = estimate(plan, board);
    expect(e.fit.fitsWithHeadroom).toBe(true);
    expect(e.totals.latencyMs.value).toBeCloseTo(point.latencyMs, 9);
    expect(plan.notes!.some((n) => n.startsWith('tiles chosen by sweeping'))).toBe(true);
  });
});
