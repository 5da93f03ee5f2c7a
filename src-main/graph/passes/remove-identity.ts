/**
 * Identity removal: consumers of an Identity's output read its input instead (Dropout too when its
 * mask is unused: inference-mode Dropout is the identity). When the output is a graph output, the
 * producer of the input is renamed instead, so graph output names never change.
 */
import type { Node } from '../ir';
import { cloneGraph, type Pass } from './types';

const isIdentity = (n: Node) =>
  n.domain === '' && (n.opType === 'Identity' || (n.opType === 'Dropout' && !n.outputs[1]));

export const removeIdentity: Pass = {
  name: 'remove-identity',
  apply(graph) {
    let g = graph;
    let changed = false;
    for (;;) {
      const graphOut = new Set(g.outputs.map((o) => o.name));
      const graphIn = new Set(g.inputs.map((i) => i.name));
      const idx = g.nodes.findIndex((n) => {
        if (!isIdentity(n)) return false;
        const [x, y] = [n.inputs[0], n.outputs[0]];
        if (!graphOut.has(y)) return true;
        // y is a graph output: only removable by renaming x's producer output to y.
        return !graphIn.has(x) && !g.initializers.has(x) && !graphOut.has(x);
      });
      if (idx < 0) break;
      const n = g.nodes[idx];
      const [x, y] = [n.inputs[0], n.outputs[0]];
      const next = cloneGraph(g);
      next.nodes.splice(idx, 1);
      const rename = (from: string, to: string) => {
        next.nodes = next.nodes.map((m) =>
          m.inputs.includes(from) || m.outputs.includes(from)
            ? { ...m, inputs: m.inputs.map((v) => (v === from ? to : v)), outputs: m.outputs.map((v) => (v === from ? to : v)) }
            : m);
      };
      if (!graphOut.has(y)) { rename(y, x); next.values.delete(y); }
      else { rename(x, y); const v = next.values.get(x); if (v) next.values.set(y, { ...v, name: y }); next.values.delete(x); }
      g = next;
      changed = true;
    }
    return { graph: g, changed };
  },
};
