/**
 * GELU pattern: the Gelu op (opset 20 / com.microsoft), the exact Erf form x·½·(1 + erf(x/√2)) and the
 * Tanh form x·½·(1 + tanh(√(2/π)(x + 0.044715x³))), in whatever order the exporter put the products.
 */
import type { Node } from '../ir';
import { attrString } from '../ir';
import type { GraphIndex } from './graph-index';

export interface GeluMatch {
  form: 'erf' | 'tanh' | 'op';
  input: string;
  output: string;
  nodes: string[];
  /** Gelu op with approximate="tanh". */
  approximate?: 'tanh';
}

const ELEMENTWISE = new Set(['Div', 'Mul', 'Add', 'Sub', 'Pow']);

export function matchGelus(idx: GraphIndex, within?: Set<string>): GeluMatch[] {
  const out: GeluMatch[] = [];
  for (const n of idx.graph.nodes) {
    if (within && !within.has(n.name)) continue;
    if (n.opType === 'Gelu' || n.opType === 'FastGelu') {
      out.push({ form: 'op', input: n.inputs[0], output: n.outputs[0], nodes: [n.name] });
      if (attrString(n, 'approximate', 'none') === 'tanh') out[out.length - 1].approximate = 'tanh';
    } else if (n.opType === 'Erf' || n.opType === 'Tanh') {
      const m = matchAround(idx, n, n.opType === 'Erf' ? 'erf' : 'tanh');
      if (m) out.push(m);
    }
  }
  return out;
}

function matchAround(idx: GraphIndex, core: Node, form: 'erf' | 'tanh'): GeluMatch | undefined {
  const set = new Map<string, Node>([[core.name, core]]);
  // Backwards: take a producer while every consumer of its output is already in the set.
  const queue = [...core.inputs];
  while (queue.length) {
    const t = queue.shift()!;
    if (!t || idx.isConst(t)) continue;
    const p = idx.producer.get(t);
    if (!p || set.has(p.name) || !ELEMENTWISE.has(p.opType)) continue;
    if (!idx.consumersOf(t).every((c) => set.has(c.name))) continue;
    set.set(p.name, p);
    queue.push(...p.inputs);
  }
  const boundary = new Set<string>();
  for (const n of set.values()) for (const t of n.inputs) if (t && !idx.isConst(t) && !(idx.producer.get(t) && set.has(idx.producer.get(t)!.name))) boundary.add(t);
  if (boundary.size !== 1) return undefined;
  const x = [...boundary][0];
  const produced = (t: string) => t === x || idx.isConst(t) || (idx.producer.has(t) && set.has(idx.producer.get(t)!.name));
  // Forwards: Add(·, 1) and the products with x and ½, in any order.
  let frontier = core.outputs[0];
  let touchedX = false;
  for (let step = 0; step < 4; step++) {
    const next = idx.consumersOf(frontier).filter((c) => (c.opType === 'Add' || c.opType === 'Mul') && !set.has(c.name));
    if (next.length !== 1) break;
    const c = next[0];
    const pending: Node[] = [];
    const ok = c.inputs.every((t) => {
      if (produced(t)) return true;
      const p = idx.producer.get(t);
      if (p && p.opType === 'Mul' && p.inputs.every((u) => u === x || idx.isConst(u))) {
        pending.push(p);
        return true;
      }
      return false;
    });
    if (!ok) break;
    for (const p of pending) set.set(p.name, p);
    if (pending.length || c.inputs.includes(x)) touchedX = true;
    set.set(c.name, c);
    frontier = c.outputs[0];
  }
  // A GELU ends in a product with x: require x to be used in the forward part.
  if (!touchedX) return undefined;
  return { form, input: x, output: frontier, nodes: idx.sortNodes(set.keys()) };
}
