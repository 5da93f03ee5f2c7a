/**
 * Mixture of experts (M³ViT style): gate linear → Softmax / TopK (either order) → expert MLPs →
 * weighted combine. The combine may be a dense dispatch (every expert computed, outputs weighted by
 * masked gates and summed, or stacked and multiplied by the gate vector); we recognise the parts by
 * what they are, not by the combine's exact plumbing.
 */
import type { GraphIndex } from './graph-index';
import { matchGelus } from './gelu';
import type { LinearMatch } from './linear';
import type { MlpMatch } from './mlp';
import { mlpFrom } from './mlp';
import type { Region } from './region';
import { dependsOn, has, regionLinears, regionMacs } from './region';
import { attrInt } from '../ir';

export interface MoeMatch {
  gate: LinearMatch;
  /** One MLP per expert, or a single MLP whose weights stack all experts (batched MatMul). */
  experts: MlpMatch[];
  count: number;
  stacked: boolean;
  topk: number;
  tokens: number;
  dim: number;
  hidden: number;
  /** MACs of the routed computation: gate + top-k experts per token. */
  macs: number;
  /** MACs of the graph as written (every expert on every token, plus the combine). */
  denseMacs: number;
  gateOrder: 'softmax-topk' | 'topk-softmax';
}

export function matchMoe(idx: GraphIndex, r: Region): MoeMatch | undefined {
  const topks = has(r, 'TopK');
  if (topks.length !== 1) return undefined;
  const topk = topks[0];
  const linears = regionLinears(idx, r);
  const gate = linears.find((l) => dependsOn(idx, topk.inputs[0], l.output));
  if (!gate) return undefined;
  const k = topk.inputs[1] ? idx.constScalar(topk.inputs[1]) : attrInt(topk, 'k');
  if (k === undefined) return undefined;
  const rest = linears.filter((l) => l !== gate);
  const experts: MlpMatch[] = [];
  for (const g of matchGelus(idx, r.names)) {
    const m = mlpFrom(idx, rest, g);
    if (m) experts.push(m);
  }
  if (!experts.length || experts.length * 2 !== rest.length) return undefined;
  const stacked = experts.length === 1 && experts[0].fc1.stacked !== undefined;
  if (stacked && experts[0].fc1.stacked !== experts[0].fc2.stacked) return undefined;
  if (!stacked && experts.some((e) => e.fc1.stacked || e.fc2.stacked)) return undefined;
  const count = stacked ? experts[0].fc1.stacked! : experts.length;
  const dim = gate.inF;
  const inShape = idx.shape(r.input);
  if (!inShape) return undefined;
  // Routed work scales with every token of every image: rows = batch × tokens.
  const rows = inShape.reduce((a, b) => a * b, 1) / dim;
  const tokens = inShape.length >= 2 ? inShape[inShape.length - 2] : rows;
  const perTokenAvg = experts.reduce((s, e) => s + e.fc1.inF * e.fc1.outF + e.fc2.inF * e.fc2.outF, 0) / experts.length;
  const softmaxFirst = has(r, 'Softmax').some((s) => dependsOn(idx, topk.inputs[0], s.outputs[0]));
  return {
    gate, experts, count, stacked, topk: k, tokens, dim, hidden: experts[0].hidden,
    macs: gate.macs + Math.round(rows * k * perTokenAvg),
    denseMacs: regionMacs(idx, r.nodes),
    gateOrder: softmaxFirst ? 'softmax-topk' : 'topk-softmax',
  };
}
