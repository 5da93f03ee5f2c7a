/** Pareto front over minimised objectives (latency against DSP, LUT, BRAM, power). */

export const OBJECTIVES = ['latencyMs', 'dsp', 'lut', 'bram18k', 'powerW'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export type Scored = Record<Objective, number>;

/** a dominates b: no worse in every objective and better in at least one. */
export function dominates(a: Scored, b: Scored, objs: readonly Objective[] = OBJECTIVES): boolean {
  let better = false;
  for (const o of objs) {
    if (a[o] > b[o]) return false;
    if (a[o] < b[o]) better = true;
  }
  return better;
}

/** Incremental front: insert returns whether the point joined (and drops the points it dominates). */
export class ParetoFront<T extends Scored> {
  private pts: T[] = [];
  constructor(private readonly objs: readonly Objective[] = OBJECTIVES) {}

  insert(p: T): boolean {
    for (const q of this.pts) {
      if (dominates(q, p, this.objs) || sameScore(q, p, this.objs)) return false;
    }
    this.pts = this.pts.filter((q) => !dominates(p, q, this.objs));
    this.pts.push(p);
    return true;
  }

  /** Sorted by latency, then the other objectives, for stable output. */
  points(): T[] {
    return [...this.pts].sort((a, b) => {
      for (const o of this.objs) if (a[o] !== b[o]) return a[o] - b[o];
      return 0;
    });
  }

  get size(): number {
    return this.pts.length;
  }
}

function sameScore(a: Scored, b: Scored, objs: readonly Objective[]): boolean {
  for (const o of objs) if (a[o] !== b[o]) return false;
  return true;
}

export function paretoFront<T extends Scored>(points: readonly T[], objs: readonly Objective[] = OBJECTIVES): T[] {
  const f = new ParetoFront<T>(objs);
  for (const p of points) f.insert(p);
  return f.points();
}
