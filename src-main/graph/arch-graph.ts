/**
 * archToGraph: an ArchSpec as the Graph IR a torch.onnx export (opset 17) of the same timm-style model
 * gives after shape folding — same node kinds, same order, same tensor shapes — with weights declared
 * (dims) but absent (no data). Recognition then runs on it exactly as on an imported file.
 *
 * MoE blocks use the dense-dispatch formulation a torch export of an M³ViT-like layer produces:
 * gate Linear → Softmax → TopK → k-th value threshold (Slice, Less, Where) → dense gates; every expert
 * MLP computed; outputs stacked (Unsqueeze + Concat) and combined by one MatMul with the gates.
 */
import type { ArchSpec } from './arch-spec';
import { formatArchSpec } from './arch-spec';
import { GraphBuilder } from './graph-builder';
import type { Graph } from './ir';

export function archToGraph(spec: ArchSpec): Graph {
  const g = new GraphBuilder(spec.base === 'vit' ? 'vit' : spec.base);
  const { dim: D, heads: H, patch: P } = spec;
  const hd = D / H;
  const gh = spec.imgH / P;
  const gw = spec.imgW / P;
  const N = gh * gw;
  const T = spec.classToken ? N + 1 : N;

  const x = g.input('pixel_values', 'float32', [1, spec.inChannels, spec.imgH, spec.imgW]);
  // Patch embedding: Conv k = s = patch, flatten(2), transpose(1, 2), class token, position embedding.
  const pw = g.weight('patch_embed.proj.weight', [D, spec.inChannels, P, P]);
  const pb = g.weight('patch_embed.proj.bias', [D]);
  const conv = g.op('Conv', '/patch_embed/proj/Conv', [x, pw, pb], [1, D, gh, gw], { kernel_shape: [P, P], strides: [P, P], pads: [0, 0, 0, 0], dilations: [1, 1], group: 1 });
  const flat = g.op('Reshape', '/patch_embed/Reshape', [conv, g.i64('/patch_embed/Reshape_shape', [1, D, N])], [1, D, N]);
  const tok = g.op('Transpose', '/patch_embed/Transpose', [flat], [1, N, D], { perm: [0, 2, 1] });
  let cat = tok;
  if (spec.classToken) {
    const clsB = g.op('Expand', '/Expand', [g.weight('cls_token', [1, 1, D]), g.i64('/Expand_shape', [1, 1, D])], [1, 1, D]);
    cat = g.op('Concat', '/Concat', [clsB, tok], [1, T, D], { axis: 1 });
  }
  let s = g.op('Add', '/Add', [cat, g.weight('pos_embed', [1, T, D])], [1, T, D]);

  const moe = new Set(spec.moeBlocks);
  for (let b = 0; b < spec.depth; b++) {
    const p = `/blocks.${b}`;
    const w = `blocks.${b}`;
    const n1 = layerNorm(g, `${p}/norm1`, `${w}.norm1`, s, [1, T, D], spec.eps);
    // Attention, timm style: fused qkv Linear, reshape (B,N,3,H,hd), permute (2,0,3,1,4), index 0/1/2.
    const qkv = linear(g, `${p}/attn/qkv`, `${w}.attn.qkv`, n1, [1, T], D, 3 * D);
    const r5 = g.op('Reshape', `${p}/attn/Reshape`, [qkv, g.i64(`${p}/attn/Reshape_shape`, [1, T, 3, H, hd])], [1, T, 3, H, hd]);
    const perm = g.op('Transpose', `${p}/attn/Transpose`, [r5], [3, 1, H, T, hd], { perm: [2, 0, 3, 1, 4] });
    const [q, k, v] = [0, 1, 2].map((i) =>
      g.op('Gather', `${p}/attn/Gather_${i}`, [perm, g.i64(`${p}/attn/Gather_${i}_index`, [i], [])], [1, H, T, hd], { axis: 0 }));
    const kT = g.op('Transpose', `${p}/attn/Transpose_1`, [k], [1, H, hd, T], { perm: [0, 1, 3, 2] });
    const qk = g.op('MatMul', `${p}/attn/MatMul`, [q, kT], [1, H, T, T]);
    const sc = g.op('Mul', `${p}/attn/Mul`, [qk, g.f32(`${p}/attn/scale`, [1 / Math.sqrt(hd)])], [1, H, T, T]);
    const sm = g.op('Softmax', `${p}/attn/Softmax`, [sc], [1, H, T, T], { axis: -1 });
    const av = g.op('MatMul', `${p}/attn/MatMul_1`, [sm, v], [1, H, T, hd]);
    const tr = g.op('Transpose', `${p}/attn/Transpose_2`, [av], [1, T, H, hd], { perm: [0, 2, 1, 3] });
    const merged = g.op('Reshape', `${p}/attn/Reshape_1`, [tr, g.i64(`${p}/attn/Reshape_1_shape`, [1, T, D])], [1, T, D]);
    const proj = linear(g, `${p}/attn/proj`, `${w}.attn.proj`, merged, [1, T], D, D);
    s = g.op('Add', `${p}/Add`, [s, proj], [1, T, D]);

    const n2 = layerNorm(g, `${p}/norm2`, `${w}.norm2`, s, [1, T, D], spec.eps);
    const f = moe.has(b) ? moeLayer(g, `${p}/moe`, `${w}.moe`, n2, spec, T) : mlp(g, `${p}/mlp`, `${w}.mlp`, n2, [1, T], D, spec.mlpHidden, spec.gelu);
    s = g.op('Add', `${p}/Add_1`, [s, f], [1, T, D]);
  }
  const nf = layerNorm(g, '/norm', 'norm', s, [1, T, D], spec.eps);
  if (spec.classes > 0) {
    // timm: x[:, 0] with a class token, else global average pooling over the tokens.
    const cls0 = spec.classToken
      ? g.op('Gather', '/Gather', [nf, g.i64('/Gather_index', [0], [])], [1, D], { axis: 1 })
      : g.op('ReduceMean', '/ReduceMean', [nf], [1, D], { axes: [1], keepdims: 0 });
    const logits = g.op('Gemm', '/head/Gemm', [cls0, g.weight('head.weight', [spec.classes, D]), g.weight('head.bias', [spec.classes])], [1, spec.classes], { alpha: { f: 1 }, beta: { f: 1 }, transB: 1 });
    g.output(logits);
  } else {
    g.output(nf);
  }
  return g.build({ arch: formatArchSpec(spec) });
}

function layerNorm(g: GraphBuilder, p: string, w: string, x: string, shape: number[], eps: number): string {
  const d = shape[shape.length - 1];
  return g.op('LayerNormalization', `${p}/LayerNormalization`, [x, g.weight(`${w}.weight`, [d]), g.weight(`${w}.bias`, [d])], shape, { axis: -1, epsilon: { f: eps } });
}

/** torch Linear on a 3-D input: MatMul with the transposed weight [in, out], then Add bias. */
function linear(g: GraphBuilder, p: string, w: string, x: string, lead: number[], inF: number, outF: number): string {
  const mm = g.op('MatMul', `${p}/MatMul`, [x, g.weight(`${w}.weight_t`, [inF, outF])], [...lead, outF]);
  return g.op('Add', `${p}/Add`, [g.weight(`${w}.bias`, [outF]), mm], [...lead, outF]);
}

function gelu(g: GraphBuilder, p: string, x: string, shape: number[], form: 'erf' | 'tanh'): string {
  if (form === 'erf') {
    // torch exact GELU below opset 20: x * 0.5 * (1 + erf(x / sqrt 2)) → Div, Erf, Add, Mul, Mul.
    const dv = g.op('Div', `${p}/Div`, [x, g.f32(`${p}/sqrt2`, [Math.SQRT2])], shape);
    const e = g.op('Erf', `${p}/Erf`, [dv], shape);
    const a = g.op('Add', `${p}/Add`, [e, g.f32(`${p}/one`, [1])], shape);
    const m = g.op('Mul', `${p}/Mul`, [x, a], shape);
    return g.op('Mul', `${p}/Mul_1`, [m, g.f32(`${p}/half`, [0.5])], shape);
  }
  const c = g.op('Pow', `${p}/Pow`, [x, g.f32(`${p}/three`, [3])], shape);
  const c2 = g.op('Mul', `${p}/Mul`, [c, g.f32(`${p}/c0`, [0.044715])], shape);
  const a = g.op('Add', `${p}/Add`, [x, c2], shape);
  const m = g.op('Mul', `${p}/Mul_1`, [a, g.f32(`${p}/c1`, [Math.sqrt(2 / Math.PI)])], shape);
  const t = g.op('Tanh', `${p}/Tanh`, [m], shape);
  const a1 = g.op('Add', `${p}/Add_1`, [t, g.f32(`${p}/one`, [1])], shape);
  const m2 = g.op('Mul', `${p}/Mul_2`, [x, a1], shape);
  return g.op('Mul', `${p}/Mul_3`, [m2, g.f32(`${p}/half`, [0.5])], shape);
}

function mlp(g: GraphBuilder, p: string, w: string, x: string, lead: number[], d: number, hidden: number, form: 'erf' | 'tanh'): string {
  const h = linear(g, `${p}/fc1`, `${w}.fc1`, x, lead, d, hidden);
  const a = gelu(g, `${p}/act`, h, [...lead, hidden], form);
  return linear(g, `${p}/fc2`, `${w}.fc2`, a, lead, hidden, d);
}

function moeLayer(g: GraphBuilder, p: string, w: string, x: string, spec: ArchSpec, T: number): string {
  const { dim: D, experts: E, topk: K } = spec;
  const logits = linear(g, `${p}/gate`, `${w}.gate`, x, [1, T], D, E);
  const probs = g.op('Softmax', `${p}/Softmax`, [logits], [1, T, E], { axis: -1 });
  const [vals] = g.node('TopK', `${p}/TopK`, [probs, g.i64(`${p}/k`, [K])], [[[1, T, K], 'float32'], [[1, T, K], 'int64']], { axis: -1, largest: 1, sorted: 1 });
  const kth = g.op('Slice', `${p}/Slice`, [vals, g.i64(`${p}/Slice_starts`, [K - 1]), g.i64(`${p}/Slice_ends`, [K]), g.i64(`${p}/Slice_axes`, [-1])], [1, T, 1]);
  const less = g.op('Less', `${p}/Less`, [probs, kth], [1, T, E], {}, 'bool');
  const gates = g.op('Where', `${p}/Where`, [less, g.f32(`${p}/zero`, [0]), probs], [1, T, E]);
  const stacked: string[] = [];
  for (let e = 0; e < E; e++) {
    const y = mlp(g, `${p}/experts.${e}`, `${w}.experts.${e}`, x, [1, T], D, spec.expertHidden, spec.gelu);
    stacked.push(g.op('Unsqueeze', `${p}/experts.${e}/Unsqueeze`, [y, g.i64(`${p}/experts.${e}/axes`, [2])], [1, T, 1, D]));
  }
  const all = g.op('Concat', `${p}/Concat`, stacked, [1, T, E, D], { axis: 2 });
  const g4 = g.op('Unsqueeze', `${p}/Unsqueeze`, [gates, g.i64(`${p}/gate_axes`, [2])], [1, T, 1, E]);
  const comb = g.op('MatMul', `${p}/MatMul`, [g4, all], [1, T, 1, D]);
  return g.op('Squeeze', `${p}/Squeeze`, [comb, g.i64(`${p}/squeeze_axes`, [2])], [1, T, D]);
}
