/**
 * The import pipeline: shape inference → constant folding → identity removal → dead-node removal,
 * repeated until nothing changes (folding makes new shapes known, which makes more folding possible),
 * then a last shape inference. Values whose shape is still unknown are listed in graph.warnings.
 */
import type { Graph } from '../ir';
import type { Pass } from './types';
import { shapeInference, unknownShapes } from './shape-inference';
import { constantFold } from './constant-fold';
import { removeIdentity } from './remove-identity';
import { removeDead } from './remove-dead';

export interface PassOptions {
  /** Skip constant folding (keeps the graph as exported; shapes are still inferred). */
  fold?: boolean;
  /** Called after each pass (name, whether it changed the graph). */
  onPass?: (name: string, changed: boolean) => void;
  maxIterations?: number;
}

export function runPasses(graph: Graph, opts: PassOptions = {}): Graph {
  const passes: Pass[] = [shapeInference, ...(opts.fold === false ? [] : [constantFold]), removeIdentity, removeDead];
  let g = graph;
  const max = opts.maxIterations ?? 10;
  for (let it = 0; it < max; it++) {
    let changed = false;
    for (const p of passes) {
      const r = p.apply(g);
      opts.onPass?.(p.name, r.changed);
      g = r.graph;
      // Shape inference "changes" only by adding knowledge; the loop ends when no structural pass changes.
      if (p !== shapeInference) changed ||= r.changed;
    }
    if (!changed) break;
  }
  g = shapeInference.apply(g).graph;
  const unknown = unknownShapes(g);
  if (unknown.length) {
    g = { ...g, warnings: [...g.warnings, `shape unknown for ${unknown.length} value(s) (they depend on non-constant data): ${unknown.slice(0, 8).join(', ')}${unknown.length > 8 ? ', …' : ''}`] };
  }
  return g;
}
