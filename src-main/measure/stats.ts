/**
 * Running statistics of one measurement, with bounded memory: power as running sums per rail,
 * latencies and delivery delays in capped reservoirs (percentiles stay exact until the cap).
 * Every number leaves as a Figure whose source is the link's label (emulated | measured).
 */
import { fig, type FigureSource } from '../core/figure';
import type { MeasureStats } from './types';

export type { MeasureStats, RailStat } from './types';

type Group = 'PL' | 'PS' | 'MGT' | 'board';

/** Values kept for percentiles; beyond this a uniform reservoir sample is kept. */
const RESERVOIR = 1_000_000;

export class Reservoir {
  private data: Float64Array;
  private n = 0;
  private seen = 0;
  constructor(private readonly cap = RESERVOIR) {
    this.data = new Float64Array(Math.min(cap, 4096));
  }
  add(v: number): void {
    this.seen++;
    if (this.n < this.cap) {
      if (this.n === this.data.length) {
        const d = new Float64Array(Math.min(this.cap, this.data.length * 2));
        d.set(this.data);
        this.data = d;
      }
      this.data[this.n++] = v;
    } else {
      const j = Math.floor(Math.random() * this.seen);
      if (j < this.cap) this.data[j] = v;
    }
  }
  get count(): number {
    return this.seen;
  }
  private sorted?: Float64Array;
  private sortedAt = -1;

  /**
   * Nearest-rank percentile (p in 0..100); undefined when empty. Live (non-exact) calls reuse the
   * last sort until the data grew by 2 %, so 4 Hz UI stats never re-sort a million values each time.
   */
  percentile(p: number, exact = true): number | undefined {
    if (!this.n) return undefined;
    const fresh = this.sorted && (this.sortedAt === this.seen || (!exact && this.seen - this.sortedAt <= this.seen * 0.02));
    if (!fresh) {
      this.sorted = this.data.slice(0, this.n).sort();
      this.sortedAt = this.seen;
    }
    const sorted = this.sorted!;
    const n = sorted.length;
    const rank = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
    return sorted[rank];
  }
  mean(): number | undefined {
    if (!this.n) return undefined;
    let s = 0;
    for (let i = 0; i < this.n; i++) s += this.data[i];
    return s / this.n;
  }
}



export class StatsAccumulator {
  private sum: number[];
  private min: number[];
  private max: number[];
  private powerN = 0;
  private firstT?: number;
  private lastT?: number;
  readonly latency = new Reservoir();

  constructor(
    readonly source: 'emulated' | 'measured',
    readonly rails: string[],
    readonly groups: Group[],
  ) {
    this.sum = rails.map(() => 0);
    this.min = rails.map(() => Infinity);
    this.max = rails.map(() => -Infinity);
  }

  addPower(values: number[][], t: number[]): void {
    for (const row of values) {
      for (let r = 0; r < row.length; r++) {
        const v = row[r];
        this.sum[r] += v;
        if (v < this.min[r]) this.min[r] = v;
        if (v > this.max[r]) this.max[r] = v;
      }
    }
    this.powerN += values.length;
    for (const x of t) {
      if (this.firstT === undefined || x < this.firstT) this.firstT = x;
      if (this.lastT === undefined || x > this.lastT) this.lastT = x;
    }
  }

  get powerCount(): number {
    return this.powerN;
  }

  addLatency(ns: number[]): void {
    for (const v of ns) this.latency.add(v);
  }

  /** `exact` = false for live updates: percentiles may lag the newest 2 % of latencies. */
  snapshot(exact = true): MeasureStats {
    const src: FigureSource = this.source;
    const out: MeasureStats = { source: this.source, powerSamples: this.powerN, latencySamples: this.latency.count, rails: [], groups: {} };
    if (this.powerN > 1 && this.firstT !== undefined && this.lastT !== undefined && this.lastT > this.firstT)
      out.powerRateHz = fig(((this.powerN - 1) * 1e6) / (this.lastT - this.firstT), 'Hz', src);
    const p50 = this.latency.percentile(50, exact);
    const p99 = this.latency.percentile(99, exact);
    const mean = this.latency.mean();
    if (p50 !== undefined) out.latencyP50 = fig(p50 / 1e6, 'ms', src);
    if (p99 !== undefined) out.latencyP99 = fig(p99 / 1e6, 'ms', src);
    if (mean !== undefined) out.latencyMean = fig(mean / 1e6, 'ms', src);
    if (this.powerN > 0) {
      let total = 0;
      const groupW: Record<string, number> = {};
      this.rails.forEach((rail, r) => {
        const w = this.sum[r] / this.powerN / 1e6;
        total += w;
        const g = this.groups[r] ?? 'board';
        groupW[g] = (groupW[g] ?? 0) + w;
        out.rails.push({ rail, group: g, meanW: fig(w, 'W', src), minW: fig(this.min[r] / 1e6, 'W', src), maxW: fig(this.max[r] / 1e6, 'W', src) });
      });
      for (const [g, w] of Object.entries(groupW)) out.groups[g] = fig(w, 'W', src);
      if (this.rails.length) out.groups.total = fig(total, 'W', src);
      if (mean !== undefined && this.rails.length) {
        const s = mean / 1e9;
        out.energyPerInference = { total: fig(total * s * 1e3, 'mJ', src) };
        if (groupW.PL !== undefined) out.energyPerInference.pl = fig(groupW.PL * s * 1e3, 'mJ', src);
      }
    }
    return out;
  }
}
