/**
 * LayerNorm pattern: the LayerNormalization op (opset 17+), and the decomposition older exports emit:
 * ReduceMean → Sub → Pow(2) → ReduceMean → Add(eps) → Sqrt → Div (or Reciprocal + Mul) → Mul(γ) → Add(β).
 */
import type { Node } from '../ir';
import { attrFloat } from '../ir';
import type { GraphIndex } from './graph-index';

export interface LayerNormMatch {
  form: 'op' | 'decomposed';
  input: string;
  output: string;
  nodes: string[];
  gamma?: string;
  beta?: string;
  eps: number;
}

export function matchLayerNorms(idx: GraphIndex): LayerNormMatch[] {
  const out: LayerNormMatch[] = [];
  for (const n of idx.graph.nodes) {
    if (n.opType === 'LayerNormalization') {
      out.push({ form: 'op', input: n.inputs[0], output: n.outputs[0], nodes: [n.name], gamma: n.inputs[1] || undefined, beta: n.inputs[2] || undefined, eps: attrFloat(n, 'epsilon', 1e-5) });
    } else if (n.opType === 'ReduceMean') {
      const m = matchDecomposed(idx, n);
      if (m) out.push(m);
    }
  }
  return out;
}

/** Follow the single consumer of `t` when it has the op type; undefined otherwise. */
function only(idx: GraphIndex, t: string, ops: string[]): Node | undefined {
  const c = idx.consumersOf(t);
  return c.length === 1 && ops.includes(c[0].opType) ? c[0] : undefined;
}

function otherInput(n: Node, t: string): string {
  return n.inputs[0] === t ? n.inputs[1] : n.inputs[0];
}

function matchDecomposed(idx: GraphIndex, mean: Node): LayerNormMatch | undefined {
  const x = mean.inputs[0];
  const sub = idx.consumersOf(mean.outputs[0]).find((c) => c.opType === 'Sub' && c.inputs[0] === x && c.inputs[1] === mean.outputs[0]);
  if (!sub) return undefined;
  const d = sub.outputs[0];
  const dc = idx.consumersOf(d);
  // variance: Pow(d, 2) or Mul(d, d)
  const sq = dc.find((c) => (c.opType === 'Pow' && c.inputs[0] === d && idx.constScalar(c.inputs[1]) === 2) || (c.opType === 'Mul' && c.inputs[0] === d && c.inputs[1] === d));
  if (!sq) return undefined;
  const var_ = only(idx, sq.outputs[0], ['ReduceMean']);
  if (!var_) return undefined;
  const addEps = only(idx, var_.outputs[0], ['Add']);
  if (!addEps) return undefined;
  const eps = idx.constScalar(otherInput(addEps, var_.outputs[0]));
  if (eps === undefined) return undefined;
  const sqrt = only(idx, addEps.outputs[0], ['Sqrt']);
  if (!sqrt) return undefined;
  const nodes = [mean, sub, sq, var_, addEps, sqrt];
  let norm: Node | undefined = dc.find((c) => c.opType === 'Div' && c.inputs[0] === d && c.inputs[1] === sqrt.outputs[0]);
  if (norm) nodes.push(norm);
  else {
    const rec = only(idx, sqrt.outputs[0], ['Reciprocal']);
    norm = rec && dc.find((c) => c.opType === 'Mul' && c.inputs.includes(d) && c.inputs.includes(rec.outputs[0]));
    if (!rec || !norm) return undefined;
    nodes.push(rec, norm);
  }
  let output = norm.outputs[0];
  let gamma: string | undefined;
  let beta: string | undefined;
  const mul = only(idx, output, ['Mul']);
  if (mul && idx.isConst(otherInput(mul, output))) {
    gamma = otherInput(mul, output);
    nodes.push(mul);
    output = mul.outputs[0];
  }
  const add = only(idx, output, ['Add']);
  if (add && idx.isConst(otherInput(add, output))) {
    beta = otherInput(add, output);
    nodes.push(add);
    output = add.outputs[0];
  }
  return { form: 'decomposed', input: x, output, nodes: nodes.map((n) => n.name), gamma, beta, eps };
}
