/**
 * Constant folding: a node whose inputs are all constants (initializers with data) is executed once
 * with the reference kernels and replaced by initializers; Shape and Size fold as soon as their input's
 * shape is known. This removes the Shape → Gather → Unsqueeze → Concat → Reshape chains PyTorch
 * exports put into ViTs, so patterns see plain Reshapes with constant shapes.
 * Nodes needing absent weights (missing external data) are left as they are. Nodes that stay have
 * their shapes inferred during the same sweep.
 */
import type { Tensor } from '../ir';
import { numel } from '../ir';
import { opSpec } from '../ops';
import { int64Tensor } from '../ops/tensor-util';
import { nodeError } from '../execute';
import { cloneGraph, opsetOf, type Pass } from './types';
import { inferNode } from './shape-inference';

/** Fold results larger than this (elements) are kept as nodes: folding must not blow up memory. */
export const FOLD_LIMIT = 1 << 24;

export const constantFold: Pass = {
  name: 'constant-fold',
  apply(graph) {
    const g = cloneGraph(graph);
    const kept = [];
    let changed = false;
    for (const n of g.nodes) {
      const spec = opSpec(n.opType, n.domain);
      let outs: Tensor[] | undefined;
      if (spec && (n.opType === 'Shape' || n.opType === 'Size') && n.domain === '') {
        const v = g.initializers.get(n.inputs[0]) ?? undefined;
        const shape = v ? v.dims : g.values.get(n.inputs[0])?.shape;
        if (shape && shape.every((d) => typeof d === 'number')) {
          const dims = shape as number[];
          if (n.opType === 'Size') outs = [int64Tensor([numel(dims)], [])];
          else outs = spec.run(n, [{ name: n.inputs[0], dtype: 'float32', dims, data: new Float32Array(0) as never }], opsetOf(g, n.domain));
        }
      } else if (spec) {
        const ins = n.inputs.map((x) => (x ? g.initializers.get(x) : undefined));
        const allConst = n.inputs.every((x, i) => !x || (ins[i] && ins[i]!.data));
        const outSize = n.outputs.reduce((a, o) => {
          const s = g.values.get(o)?.shape;
          return a + (s && s.every((d) => typeof d === 'number') ? numel(s as number[]) : 0);
        }, 0);
        if (allConst && (outSize <= FOLD_LIMIT || n.opType === 'Constant')) {
          try {
            outs = spec.run(n, ins, opsetOf(g, n.domain));
          } catch (err) {
            throw nodeError(g, n, err);
          }
        }
      }
      if (!outs) {
        // Infer this node's shapes now, so Shape nodes further down fold in this same sweep
        // (a ViT's per-block chains would otherwise need one pipeline iteration per block).
        inferNode(g, n);
        kept.push(n);
        continue;
      }
      n.outputs.forEach((o, k) => {
        if (!o || !outs![k]) return;
        const t = { ...outs![k], name: o };
        g.initializers.set(o, t);
        g.values.set(o, { name: o, dtype: t.dtype, shape: t.dims.slice() });
      });
      changed = true;
    }
    g.nodes = kept;
    return { graph: g, changed };
  },
};
