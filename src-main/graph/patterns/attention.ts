/**
 * Multi-head self-attention: QKV as one fused linear or three, head split (Reshape/Transpose, then
 * Gather, Slice+Squeeze or Split for a fused QKV), scaled QKᵀ (Div or Mul, before or after the
 * product), Softmax, AV, head merge (Transpose + Reshape) and the output projection.
 */
import type { GraphIndex } from './graph-index';
import type { LinearMatch } from './linear';
import type { Region } from './region';
import { dependsOn, has, regionLinears } from './region';
import { nodeMacs } from './linear';

export interface AttentionMatch {
  qkvLayout: 'fused' | 'separate';
  qkv: LinearMatch[]; // fused: [qkv]; separate: [q, k, v]
  proj: LinearMatch;
  qk: string; // the QKᵀ MatMul
  av: string; // the AV MatMul
  softmax: string;
  tokens: number;
  dim: number;
  heads: number;
  headDim: number;
  scale?: number;
  macs: number;
}

export function matchAttention(idx: GraphIndex, r: Region): AttentionMatch | undefined {
  const softmaxes = has(r, 'Softmax');
  if (softmaxes.length !== 1) return undefined;
  const sm = softmaxes[0];
  const activeMatMuls = r.nodes.filter((n) => n.opType === 'MatMul' && !n.inputs.some((t) => idx.isConst(t)));
  const qk = activeMatMuls.find((n) => dependsOn(idx, sm.inputs[0], n.outputs[0]));
  const av = activeMatMuls.find((n) => dependsOn(idx, n.inputs[0], sm.outputs[0]));
  if (!qk || !av || qk === av) return undefined;
  const linears = regionLinears(idx, r);
  const proj = linears.find((l) => dependsOn(idx, l.input, av.outputs[0]));
  if (!proj) return undefined;
  const inLinears = linears.filter((l) => l !== proj);
  let qkv: LinearMatch[];
  let layout: 'fused' | 'separate';
  if (inLinears.length === 1) {
    layout = 'fused';
    qkv = inLinears;
  } else if (inLinears.length === 3) {
    layout = 'separate';
    const q = inLinears.find((l) => dependsOn(idx, qk.inputs[0], l.output));
    const k = inLinears.find((l) => dependsOn(idx, qk.inputs[1], l.output));
    const v = inLinears.find((l) => dependsOn(idx, av.inputs[1], l.output));
    if (!q || !k || !v || new Set([q, k, v]).size !== 3) return undefined;
    qkv = [q, k, v];
  } else return undefined;
  const dim = proj.outF;
  const s = idx.shape(qk.outputs[0]);
  if (!s || s.length < 3) return undefined;
  const tokens = s[s.length - 1];
  // Scores are [B, H, T, T], or [B·H, T, T] when the exporter merged batch and heads.
  const inShape = idx.shape(r.input) ?? [1];
  const batch = inShape.length === 3 ? inShape[0] : 1;
  const heads = s.length >= 4 ? s[s.length - 3] : s[0] / batch;
  if (!heads || dim % heads) return undefined;
  // Scale: a Mul/Div by a scalar constant on the QKᵀ path.
  let scale: number | undefined;
  for (const n of r.nodes) {
    if ((n.opType === 'Mul' || n.opType === 'Div') && (dependsOn(idx, sm.inputs[0], n.outputs[0]))) {
      const c = idx.constScalar(n.inputs[1]) ?? (n.opType === 'Mul' ? idx.constScalar(n.inputs[0]) : undefined);
      if (c !== undefined && c !== 0) scale = (scale ?? 1) * (n.opType === 'Div' ? 1 / c : c);
    }
  }
  const macs = r.nodes.reduce((a, n) => a + nodeMacs(idx, n), 0);
  return { qkvLayout: layout, qkv, proj, qk: qk.name, av: av.name, softmax: sm.name, tokens, dim, heads, headDim: dim / heads, scale, macs };
}
