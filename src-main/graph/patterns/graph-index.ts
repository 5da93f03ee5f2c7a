/**
 * Read-only lookups the pattern passes share: who produces and who consumes a tensor, shapes with
 * unresolved dims taken as 1, constant values, and the node region between two sets of tensors.
 */
import type { Graph, Node, Tensor } from '../ir';
import { numel } from '../ir';

export class GraphIndex {
  readonly producer = new Map<string, Node>();
  readonly consumers = new Map<string, Node[]>();
  readonly order = new Map<string, number>(); // node name → topological position
  readonly byName = new Map<string, Node>();
  readonly constNodes = new Set<string>(); // nodes whose value is fixed (no path from a graph input)
  private readonly outputsSet: Set<string>;

  constructor(readonly graph: Graph) {
    graph.nodes.forEach((n, i) => {
      this.order.set(n.name, i);
      this.byName.set(n.name, n);
      for (const o of n.outputs) if (o) this.producer.set(o, n);
      for (const t of n.inputs) {
        if (!t) continue;
        let list = this.consumers.get(t);
        if (!list) this.consumers.set(t, (list = []));
        if (!list.includes(n)) list.push(n);
      }
    });
    this.outputsSet = new Set(graph.outputs.map((o) => o.name));
    for (const n of graph.nodes) {
      if (n.inputs.every((t) => !t || graph.initializers.has(t) || (this.producer.has(t) && this.constNodes.has(this.producer.get(t)!.name)))) {
        this.constNodes.add(n.name);
      }
    }
  }

  isGraphOutput(t: string): boolean {
    return this.outputsSet.has(t);
  }

  /** Is the tensor a constant (initializer, or computed from constants only)? */
  isConst(t: string): boolean {
    if (!t) return true;
    if (this.graph.initializers.has(t)) return true;
    const p = this.producer.get(t);
    return !!p && this.constNodes.has(p.name);
  }

  /** Constant tensor behind a name: an initializer or a Constant node's value. */
  constTensor(t: string): Tensor | undefined {
    const init = this.graph.initializers.get(t);
    if (init) return init;
    const p = this.producer.get(t);
    if (p && p.opType === 'Constant') {
      const a = p.attrs.value;
      if (a && a.kind === 'tensor') return a.value;
      const f = p.attrs.value_float ?? p.attrs.value_int;
      if (f && (f.kind === 'float' || f.kind === 'int')) return { name: t, dtype: f.kind === 'float' ? 'float32' : 'int64', dims: [], data: f.kind === 'float' ? Float32Array.of(f.value) : BigInt64Array.of(BigInt(f.value)) };
      const fs = p.attrs.value_floats ?? p.attrs.value_ints;
      if (fs && (fs.kind === 'floats' || fs.kind === 'ints')) return { name: t, dtype: fs.kind === 'floats' ? 'float32' : 'int64', dims: [fs.value.length], data: fs.kind === 'floats' ? Float32Array.from(fs.value) : BigInt64Array.from(fs.value.map(BigInt)) };
    }
    return undefined;
  }

  /** Numeric values of a small constant, or undefined when not constant / data absent. */
  constValues(t: string): number[] | undefined {
    const c = this.constTensor(t);
    if (!c || !c.data) return undefined;
    return Array.from(c.data as ArrayLike<number | bigint>, (v) => Number(v));
  }

  constScalar(t: string): number | undefined {
    const v = this.constValues(t);
    return v && v.length === 1 ? v[0] : undefined;
  }

  /** Shape with symbolic dims taken as 1 (batch 1); undefined when unknown. */
  shape(t: string): number[] | undefined {
    const info = this.graph.values.get(t);
    if (info?.shape) return info.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
    const c = this.constTensor(t);
    return c ? c.dims : undefined;
  }

  consumersOf(t: string): Node[] {
    return this.consumers.get(t) ?? [];
  }

  /** Non-constant inputs of a node. */
  dataInputs(n: Node): string[] {
    return n.inputs.filter((t) => t && !this.isConst(t));
  }

  private readonly downCache = new Map<string, Set<string>>();

  /** Names of all nodes reachable forward from one tensor (cached: patterns ask about the same tensors often). */
  descendantsOf(t: string): Set<string> {
    let s = this.downCache.get(t);
    if (!s) this.downCache.set(t, (s = this.descendants([t])));
    return s;
  }

  /** Names of all nodes reachable forward from the tensors. */
  descendants(from: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack: string[] = [...from];
    while (stack.length) {
      const t = stack.pop()!;
      for (const c of this.consumersOf(t)) {
        if (seen.has(c.name)) continue;
        seen.add(c.name);
        for (const o of c.outputs) if (o) stack.push(o);
      }
    }
    return seen;
  }

  /** Names of all nodes the tensors depend on. */
  ancestors(of: Iterable<string>): Set<string> {
    const seen = new Set<string>();
    const stack: string[] = [...of];
    while (stack.length) {
      const t = stack.pop()!;
      const p = this.producer.get(t);
      if (!p || seen.has(p.name)) continue;
      seen.add(p.name);
      for (const i of p.inputs) if (i) stack.push(i);
    }
    return seen;
  }

  /** Nodes on a path from any of `from` to any of `to`, in topological order. */
  region(from: Iterable<string>, to: Iterable<string>): Node[] {
    const down = this.descendants(from);
    const up = this.ancestors(to);
    return this.graph.nodes.filter((n) => down.has(n.name) && up.has(n.name));
  }

  sortNodes(names: Iterable<string>): string[] {
    return [...names].sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }
}

/** Float weights used by nodes (non-scalar float constants), each counted once. */
export function weightTensors(idx: GraphIndex, nodes: Node[]): Tensor[] {
  const seen = new Map<string, Tensor>();
  for (const n of nodes) {
    for (const t of n.inputs) {
      if (!t || seen.has(t)) continue;
      const c = idx.constTensor(t);
      if (c && (c.dtype.startsWith('float') || c.dtype === 'bfloat16') && numel(c.dims) > 1) seen.set(t, c);
    }
  }
  return [...seen.values()];
}
