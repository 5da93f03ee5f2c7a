/**
 * Patch embedding: Conv with kernel = stride = patch (timm, HF), or the image cut into patches by
 * Reshape/Transpose and projected by a MatMul; then flatten, class token Concat, position embedding Add.
 */
import { attrInts } from '../ir';
import type { GraphIndex } from './graph-index';
import type { Region } from './region';
import { regionLinears } from './region';

export interface PatchEmbedMatch {
  form: 'conv' | 'matmul';
  patch: number;
  inChannels: number;
  imgH: number;
  imgW: number;
  dim: number;
  tokens: number;
  classToken: boolean;
  extraTokens: number;
  weights: Record<string, string>;
  layout: Record<string, string>;
}

export function matchPatchEmbed(idx: GraphIndex, r: Region): PatchEmbedMatch | undefined {
  const img = idx.shape(r.input);
  const out = idx.shape(r.output);
  if (!img || img.length !== 4 || !out) return undefined;
  const [, c, h, w] = img;
  const weights: Record<string, string> = {};
  const layout: Record<string, string> = {};
  let form: 'conv' | 'matmul';
  let patch: number;
  let dim: number;
  const convs = r.nodes.filter((n) => n.opType === 'Conv');
  if (convs.length === 1) {
    const conv = convs[0];
    const k = attrInts(conv, 'kernel_shape') ?? idx.shape(conv.inputs[1])?.slice(2);
    const s = attrInts(conv, 'strides') ?? [1, 1];
    if (!k || k.length !== 2 || k[0] !== k[1] || s[0] !== k[0] || s[1] !== k[1]) return undefined;
    form = 'conv';
    patch = k[0];
    dim = idx.shape(conv.inputs[1])![0];
    weights.proj_w = conv.inputs[1];
    layout.proj_w = 'OIHW';
    if (conv.inputs[2]) weights.proj_b = conv.inputs[2];
  } else {
    const lin = regionLinears(idx, r);
    if (lin.length !== 1) return undefined;
    patch = Math.round(Math.sqrt(lin[0].inF / c));
    if (patch * patch * c !== lin[0].inF) return undefined;
    form = 'matmul';
    dim = lin[0].outF;
    weights.proj_w = lin[0].weight;
    layout.proj_w = lin[0].layout;
    if (lin[0].bias) weights.proj_b = lin[0].bias;
  }
  if (h % patch || w % patch) return undefined;
  const tokens = out[out.length - 2];
  const patches = (h / patch) * (w / patch);
  // Tokens beyond the patches: a class token (1), or class + distillation tokens (DeiT, 2).
  const extraTokens = tokens - patches;
  if (extraTokens < 0) return undefined;
  const classToken = extraTokens >= 1;
  for (const n of r.nodes) {
    if (n.opType === 'Concat' && classToken) {
      const cls = n.inputs.find((t) => idx.isConst(t) || (idx.producer.get(t)?.opType === 'Expand' && idx.isConst(idx.producer.get(t)!.inputs[0])));
      if (cls) weights.cls_token = idx.graph.initializers.has(cls) || idx.constTensor(cls) ? cls : idx.producer.get(cls)!.inputs[0];
    }
    if (n.opType === 'Add') {
      const pos = n.inputs.find((t) => idx.isConst(t) && (idx.shape(t) ?? []).slice(-2).join() === `${tokens},${dim}`);
      if (pos) weights.pos_embed = pos;
    }
  }
  return { form, patch, inChannels: c, imgH: h, imgW: w, dim, tokens, classToken, extraTokens, weights, layout };
}
