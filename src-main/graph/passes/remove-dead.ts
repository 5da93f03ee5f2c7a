/** Dead-node removal: drops nodes none of whose outputs reach a graph output, and unused initializers. */
import { cloneGraph, type Pass } from './types';

export const removeDead: Pass = {
  name: 'remove-dead',
  apply(graph) {
    const needed = new Set(graph.outputs.map((o) => o.name));
    const keep: boolean[] = new Array(graph.nodes.length).fill(false);
    for (let i = graph.nodes.length - 1; i >= 0; i--) {
      const n = graph.nodes[i];
      if (n.outputs.some((o) => o && needed.has(o))) {
        keep[i] = true;
        for (const x of n.inputs) if (x) needed.add(x);
      }
    }
    const deadInits = [...graph.initializers.keys()].filter((k) => !needed.has(k));
    const changed = keep.some((k) => !k) || deadInits.length > 0;
    if (!changed) return { graph, changed };
    const g = cloneGraph(graph);
    const removed = g.nodes.filter((_n, i) => !keep[i]);
    g.nodes = g.nodes.filter((_n, i) => keep[i]);
    for (const k of deadInits) { g.initializers.delete(k); if (!g.inputs.some((x) => x.name === k)) g.values.delete(k); }
    for (const n of removed) for (const o of n.outputs) if (o && !needed.has(o)) g.values.delete(o);
    return { graph: g, changed };
  },
};
