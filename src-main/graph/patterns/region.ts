/**
 * What the sub-layer patterns share: a region (nodes between an input and an output tensor) with its
 * linears, MAC count and weights.
 */
import type { Node } from '../ir';
import type { GraphIndex } from './graph-index';
import { weightTensors } from './graph-index';
import type { LinearMatch } from './linear';
import { matchLinear, nodeMacs } from './linear';
import { numel } from '../ir';

export interface Region {
  input: string;
  output: string;
  nodes: Node[];
  names: Set<string>;
}

export function makeRegion(idx: GraphIndex, input: string | string[], output: string): Region {
  const nodes = idx.region(Array.isArray(input) ? input : [input], [output]);
  return { input: Array.isArray(input) ? input[0] : input, output, nodes, names: new Set(nodes.map((n) => n.name)) };
}

export function regionLinears(idx: GraphIndex, r: Region): LinearMatch[] {
  const out: LinearMatch[] = [];
  for (const n of r.nodes) {
    const m = matchLinear(idx, n);
    if (m) out.push(m);
  }
  return out;
}

export function regionMacs(idx: GraphIndex, nodes: Node[]): number {
  return nodes.reduce((s, n) => s + nodeMacs(idx, n), 0);
}

export function regionParams(idx: GraphIndex, nodes: Node[]): number {
  return weightTensors(idx, nodes).reduce((s, t) => s + numel(t.dims), 0);
}

export function has(r: Region, op: string): Node[] {
  return r.nodes.filter((n) => n.opType === op);
}

/** Is tensor `t` computed (transitively) from tensor `from`? */
export function dependsOn(idx: GraphIndex, t: string, from: string): boolean {
  if (t === from) return true;
  const q = idx.producer.get(t);
  return !!q && idx.descendantsOf(from).has(q.name);
}
