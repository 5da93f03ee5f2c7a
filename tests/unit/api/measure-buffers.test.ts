/** The Board/Power views' chart buffers: counts conserved, ranges cover every value, memory bounded. */
import { describe, expect, it } from 'vitest';
import { DecimatingSeries, LatencyHistogram, pushBounded } from '../../../src-renderer/components/MeasureBuffers';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('LatencyHistogram', () => {
  it('bars add up to the total, tails folded; each value sits in the bin whose edges contain it', () => {
    const h = new LatencyHistogram(48);
    const r = lcg(3);
    const vals: number[] = [];
    for (let i = 0; i < 5000; i++) vals.push(i % 997 === 0 ? 0.3 + r() : i % 211 === 0 ? 40 + r() * 20 : 5 * (1 + (r() - 0.5) * 0.1));
    for (let i = 0; i < vals.length; i += 37) h.add(vals.slice(i, i + 37));
    const rows = h.rows();
    expect(h.total).toBe(vals.length);
    expect(rows.reduce((s, [, , c]) => s + c, 0)).toBe(vals.length);
    expect(rows.filter((x) => !x[3]).length).toBeLessThanOrEqual(48);
    // the central bars resolve the 5 ms ± 5 % mode into several bars despite the 40–60 ms outliers (0.5 %)
    const central = rows.filter(([a, b, c, tail]) => !tail && c > 0 && a >= 4.7 && b <= 5.3);
    expect(central.length).toBeGreaterThanOrEqual(5);
    for (const [a, b, c, tail] of rows) {
      if (tail) continue;
      expect(vals.filter((v) => v >= a * (1 - 1e-12) && v < b * (1 - 1e-12)).length).toBe(c);
    }
    const over = rows.at(-1)!;
    expect(over[3]).toBe('over');
    expect(over[1]).toBe(Math.max(...vals));
  });

  it('bin edges bracket the value', () => {
    const h = new LatencyHistogram();
    for (const v of [0.0011, 0.5, 5, 5.05, 123.4, 9999]) {
      const k = h.index(v);
      expect(h.edge(k)).toBeLessThanOrEqual(v * (1 + 1e-12));
      expect(h.edge(k + 1)).toBeGreaterThan(v);
    }
  });
});

describe('DecimatingSeries', () => {
  it('an hour at 1 kHz stays within cap points per rail and keeps the mean', () => {
    const s = new DecimatingSeries(3, 2000);
    const n = 3_600_000;
    const row = [0, 0, 0];
    let sum1 = 0;
    for (let i = 0; i < n; i++) {
      row[0] = 1;
      row[1] = i % 2 ? 2 : 4;
      row[2] = i / n;
      sum1 += row[1];
      s.add(i / 1000, row);
    }
    expect(s.count).toBe(n);
    expect(s.length).toBeLessThan(2000);
    expect(s.length).toBeGreaterThanOrEqual(1000 - 1);
    expect(s.ys.every((y) => y.length === s.length)).toBe(true);
    const mean1 = s.ys[1].reduce((a, b) => a + b, 0) / s.length;
    expect(mean1).toBeCloseTo(sum1 / n, 6);
    expect(s.ys[0].every((v) => v === 1)).toBe(true);
    // x stays increasing and spans the run
    expect(s.x.every((x, i) => i === 0 || x > s.x[i - 1])).toBe(true);
    expect(s.x.at(-1)!).toBeGreaterThan(3500);
    expect(s.ys[2].at(-1)!).toBeGreaterThan(0.95);
  });

  it('pushBounded keeps the newest items', () => {
    const a = [1, 2, 3];
    pushBounded(a, [4, 5, 6], 4);
    expect(a).toEqual([3, 4, 5, 6]);
  });
});
