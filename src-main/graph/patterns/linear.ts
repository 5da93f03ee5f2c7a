/**
 * Linear layers as exporters write them: MatMul with a constant [in, out] weight (+ Add bias), or Gemm
 * (transB = 1 keeps torch's [out, in]). Also the MAC count of any node that multiplies.
 */
import type { Node } from '../ir';
import { attrInt, attrInts, numel } from '../ir';
import type { GraphIndex } from './graph-index';

export interface LinearMatch {
  nodes: string[];
  input: string;
  output: string;
  weight: string;
  bias?: string;
  inF: number;
  outF: number;
  /** 'KN': weight stored [in, out] (MatMul, Gemm transB=0); 'NK': [out, in] (Gemm transB=1); 'EKN': [experts, in, out]. */
  layout: 'KN' | 'NK' | 'EKN';
  /** Expert weights stacked in one tensor (a batched MatMul over experts): how many. */
  stacked?: number;
  macs: number;
}

/** The linear layer starting at node `n`, if `n` is a MatMul/Gemm with a constant 2-D weight. */
export function matchLinear(idx: GraphIndex, n: Node): LinearMatch | undefined {
  if (n.opType !== 'MatMul' && n.opType !== 'Gemm') return undefined;
  const [x, w] = n.inputs;
  if (!w || !idx.isConst(w) || idx.isConst(x)) return undefined;
  const wd = idx.shape(w);
  if (wd && wd.length === 3 && n.opType === 'MatMul') return withBias(idx, { nodes: [n.name], input: x, output: n.outputs[0], weight: w, inF: wd[1], outF: wd[2], layout: 'EKN', stacked: wd[0], macs: nodeMacs(idx, n) });
  if (!wd || wd.length !== 2) return undefined;
  const nk = n.opType === 'Gemm' && attrInt(n, 'transB', 0) === 1;
  const [inF, outF] = nk ? [wd[1], wd[0]] : [wd[0], wd[1]];
  const m: LinearMatch = { nodes: [n.name], input: x, output: n.outputs[0], weight: w, inF, outF, layout: nk ? 'NK' : 'KN', macs: nodeMacs(idx, n) };
  if (n.opType === 'Gemm') {
    if (n.inputs[2]) m.bias = n.inputs[2];
    return m;
  }
  return withBias(idx, m);
}

/** Take the bias Add that follows a MatMul (one bias per output, per expert when stacked). */
function withBias(idx: GraphIndex, m: LinearMatch): LinearMatch {
  const cons = idx.consumersOf(m.output);
  if (cons.length === 1 && cons[0].opType === 'Add') {
    const add = cons[0];
    const other = add.inputs[0] === m.output ? add.inputs[1] : add.inputs[0];
    const bd = idx.shape(other);
    if (idx.isConst(other) && bd && numel(bd) === m.outF * (m.stacked ?? 1)) {
      m.bias = other;
      m.nodes.push(add.name);
      m.output = add.outputs[0];
    }
  }
  return m;
}

/** Multiply-accumulates of one node at batch 1 (0 for element-wise and data-movement ops). */
export function nodeMacs(idx: GraphIndex, n: Node): number {
  const out = idx.shape(n.outputs[0]);
  if (!out) return 0;
  switch (n.opType) {
    case 'MatMul': {
      const a = idx.shape(n.inputs[0]);
      if (!a) return 0;
      return numel(out) * a[a.length - 1];
    }
    case 'Gemm': {
      const a = idx.shape(n.inputs[0]);
      if (!a || a.length !== 2) return 0;
      return numel(out) * (attrInt(n, 'transA', 0) ? a[0] : a[1]);
    }
    case 'Conv': {
      const w = idx.shape(n.inputs[1]);
      if (!w) return 0;
      const k = attrInts(n, 'kernel_shape') ?? w.slice(2);
      return numel(out) * w[1] * numel(k);
    }
    default:
      return 0;
  }
}
