/**
 * Bounded, incrementally updated data behind the live Board/Power charts (pure, no Vue): a latency
 * histogram on fixed log-spaced bins, and a time series that halves its resolution whenever it
 * fills, so an hour-long 1 kHz run keeps its whole shape in a fixed number of points.
 */

/**
 * Latency histogram on log-spaced bins (1 % wide, 1 µs … 1000 s: ~2,100 counters, fixed memory), so one
 * slow outlier never blurs the mode. rows() shows the central part of the distribution (quantiles
 * `lowQ`…`highQ`) merged into at most `maxBars` bars, with the tails folded into an under- and an
 * overflow bar, so counts always add up to the total.
 */
export class LatencyHistogram {
  static readonly MIN_MS = 1e-3;
  static readonly RATIO = 1.01;
  private readonly counts: Float64Array;
  private readonly lnR = Math.log(LatencyHistogram.RATIO);
  total = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly maxBars = 48, readonly lowQ = 0.002, readonly highQ = 0.99) {
    this.counts = new Float64Array(Math.ceil(Math.log(1e6 / LatencyHistogram.MIN_MS) / Math.log(LatencyHistogram.RATIO)) + 2);
  }

  /** Bin index of a value in ms (0 = below MIN_MS, last = above the top). */
  index(v: number): number {
    if (!(v >= LatencyHistogram.MIN_MS)) return 0;
    return Math.min(this.counts.length - 1, 1 + Math.floor(Math.log(v / LatencyHistogram.MIN_MS) / this.lnR));
  }

  /** Lower edge of bin k (k ≥ 1). */
  edge(k: number): number {
    return k <= 0 ? 0 : LatencyHistogram.MIN_MS * Math.pow(LatencyHistogram.RATIO, k - 1);
  }

  /** Values in ms. */
  add(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      this.counts[this.index(v)]++;
      this.total++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }

  private quantileBin(q: number): number {
    const target = q * this.total;
    let acc = 0;
    for (let k = 0; k < this.counts.length; k++) {
      acc += this.counts[k];
      if (acc > target) return k;
    }
    return this.counts.length - 1;
  }

  /** [bin start ms, bin end ms, count] bars; the first/last may be the folded tails (`tail` says which). */
  rows(): Array<[number, number, number, ('under' | 'over')?]> {
    if (!this.total) return [];
    const lo = this.quantileBin(this.lowQ);
    const hi = this.quantileBin(this.highQ);
    const per = Math.max(1, Math.ceil((hi - lo + 1) / this.maxBars));
    const out: Array<[number, number, number, ('under' | 'over')?]> = [];
    let under = 0;
    for (let k = 0; k < lo; k++) under += this.counts[k];
    if (under) out.push([Math.max(0, this.min), this.edge(lo), under, 'under']);
    for (let k = lo; k <= hi; k += per) {
      let c = 0;
      const top = Math.min(hi + 1, k + per);
      for (let j = k; j < top; j++) c += this.counts[j];
      out.push([this.edge(k), this.edge(top), c]);
    }
    let over = 0;
    for (let k = hi + 1; k < this.counts.length; k++) over += this.counts[k];
    if (over) out.push([this.edge(hi + 1), this.max, over, 'over']);
    return out;
  }

  clear(): void {
    this.counts.fill(0);
    this.total = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}

/**
 * Several aligned series (one per rail) sampled together, averaged into buckets of `per` samples. At
 * `cap` points the buckets pair up (per doubles), so memory is cap × series whatever the run length.
 */
export class DecimatingSeries {
  x: number[] = [];
  ys: number[][];
  per = 1;
  count = 0;
  private accX = 0;
  private accY: number[];
  private accN = 0;

  constructor(readonly series: number, readonly cap = 2000) {
    this.ys = Array.from({ length: series }, () => []);
    this.accY = new Array(series).fill(0);
  }

  add(x: number, values: ArrayLike<number>): void {
    this.count++;
    this.accX += x;
    for (let s = 0; s < this.series; s++) this.accY[s] += values[s] ?? 0;
    if (++this.accN < this.per) return;
    this.x.push(this.accX / this.accN);
    for (let s = 0; s < this.series; s++) this.ys[s].push(this.accY[s] / this.accN);
    this.accX = 0;
    this.accY.fill(0);
    this.accN = 0;
    if (this.x.length >= this.cap) this.halve();
  }

  private halve(): void {
    const pair = (a: number[]) => {
      const out: number[] = [];
      for (let i = 0; i + 1 < a.length; i += 2) out.push((a[i] + a[i + 1]) / 2);
      return out;
    };
    this.x = pair(this.x);
    this.ys = this.ys.map(pair);
    this.per *= 2;
  }

  /** Points kept (for the chart), excluding the bucket still filling. */
  get length(): number {
    return this.x.length;
  }

  clear(): void {
    this.x = [];
    this.ys = Array.from({ length: this.series }, () => []);
    this.per = 1;
    this.count = 0;
    this.accX = 0;
    this.accY.fill(0);
    this.accN = 0;
  }
}

/** Lines kept in a bounded console pane. */
export function pushBounded<T>(arr: T[], items: T[], cap: number): void {
  arr.push(...items);
  if (arr.length > cap) arr.splice(0, arr.length - cap);
}
