/**
 * Shape and dtype inference for every node, in topological order, using each op's infer() and the
 * constant inputs known so far (initializers and folded values). Values whose shape depends on
 * non-constant data stay unknown until constant folding resolves them (the pipeline iterates).
 */
import type { Graph, Node, TensorInfo } from '../ir';
import { opSpec, type ValueType } from '../ops';
import { nodeError } from '../execute';
import { cloneGraph, opsetOf, type Pass } from './types';

const numeric = (s: TensorInfo['shape']): number[] | undefined =>
  s && s.every((d) => typeof d === 'number' && d >= 0) ? (s as number[]) : undefined;

const sameShape = (a?: readonly (number | string)[], b?: readonly (number | string)[]) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((d, i) => d === b[i]));

/**
 * Infer one node's output types into g.values (g must be a graph the caller owns). Returns whether
 * anything changed. Nodes downstream of an unsupported op (allowUnsupported imports) stay unknown.
 */
export function inferNode(g: Graph, n: Node): boolean {
  const spec = opSpec(n.opType, n.domain);
  if (!spec) return false;
  const typeOf = (name: string): ValueType | undefined => {
    const init = g.initializers.get(name);
    if (init) return { dtype: init.dtype, shape: init.dims };
    const v = g.values.get(name);
    return v ? { dtype: v.dtype, shape: numeric(v.shape) } : undefined;
  };
  const ins = n.inputs.map((x) => (x ? typeOf(x) : undefined));
  if (n.inputs.some((x, i) => x && !ins[i])) return false;
  const consts = n.inputs.map((x) => {
    const t = x ? g.initializers.get(x) : undefined;
    return t?.data ? t : undefined;
  });
  let outs: Array<ValueType | undefined>;
  try {
    outs = spec.infer(n, ins, consts, opsetOf(g, n.domain));
  } catch (err) {
    throw nodeError(g, n, err);
  }
  let changed = false;
  n.outputs.forEach((o, k) => {
    if (!o) return;
    const t = outs[k];
    if (!t) return;
    const prev = g.values.get(o);
    const shape = t.shape ?? numeric(prev?.shape) ?? prev?.shape;
    if (!prev || prev.dtype !== t.dtype || !sameShape(prev.shape, shape)) {
      g.values.set(o, { name: o, dtype: t.dtype, shape: shape?.slice() });
      changed = true;
    }
  });
  return changed;
}

export const shapeInference: Pass = {
  name: 'shape-inference',
  apply(graph) {
    const g = cloneGraph(graph);
    let changed = false;
    for (const n of g.nodes) changed = inferNode(g, n) || changed;
    // Graph outputs follow the inferred values (declared symbolic dims get their numbers).
    g.outputs = g.outputs.map((o) => {
      const v = g.values.get(o.name);
      return v && numeric(v.shape) && !sameShape(v.shape, o.shape) ? { ...o, dtype: v.dtype, shape: v.shape!.slice() } : o;
    });
    return { graph: g, changed };
  },
};

/** Names of values (node outputs) whose shape is still unknown. */
export function unknownShapes(g: Graph): string[] {
  const out: string[] = [];
  for (const n of g.nodes) for (const o of n.outputs) if (o && !numeric(g.values.get(o)?.shape)) out.push(o);
  return out;
}
