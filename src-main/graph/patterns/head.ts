/** Classifier head after the final norm: token select (class token Gather/Slice, or mean) → linear. */
import type { GraphIndex } from './graph-index';
import type { LinearMatch } from './linear';
import type { Region } from './region';
import { has, regionLinears } from './region';

export interface HeadMatch {
  linear: LinearMatch;
  classes: number;
  pool: 'token' | 'mean';
}

export function matchHead(idx: GraphIndex, r: Region): HeadMatch | undefined {
  const lin = regionLinears(idx, r);
  if (lin.length !== 1) return undefined;
  const pool = has(r, 'ReduceMean').length ? 'mean' : 'token';
  return { linear: lin[0], classes: lin[0].outF, pool };
}
