/**
 * Test tooling (not product): whole ViT and MoE-ViT ONNX models written the way exporters write them.
 *
 * Styles (each a set of the options below, see STYLES):
 * - 'timm'   torch.onnx of timm's VisionTransformer, opset 17: Conv patch embedding, class token via
 *            Shape/Gather/Unsqueeze/Concat → Equal/Where → Expand, fused qkv reshaped by a
 *            Shape-Gather-Concat chain, permuted and split by Gather, QKᵀ·scale (Mul), Erf GELU,
 *            LayerNormalization, `x[:, 0]` Gather, Gemm head.
 * - 'hf'     Hugging Face ViTForImageClassification: separate q/k/v Linears, transpose_for_scores,
 *            scores / √d (Div), bias added second, `[:, 0, :]` as Slice + Squeeze, MatMul head.
 * - 'legacy' an older torch export, opset 13: LayerNorm decomposed (ReduceMean/Sub/Pow/Sqrt/Div),
 *            Tanh GELU, qkv split by Slice + Squeeze, q pre-scaled, scalars as Constant nodes.
 * - 'static' fixed batch 1 with every shape a constant; patch embedding as reshape + MatMul; qkv Split.
 *
 * MoE blocks (M³ViT style, dense dispatch as torch.onnx writes a per-expert Python loop):
 * - combine 'stack' : gate Linear → Softmax → TopK → k-th value threshold (Slice, Less, Where) gives dense
 *                     gates; every expert's MLP runs; outputs stacked (Unsqueeze + Concat) and combined
 *                     by one MatMul with the gates (torch.stack + matmul).
 * - combine 'onehot': gate Linear → TopK on logits → Softmax over the k values (fmoe NaiveGate, which
 *                     M³ViT uses); per expert e the weight Σⱼ Where(Equal(idx[..., j], e), score[..., j], 0),
 *                     then acc += Unsqueeze(w) · expert_e(x).
 * - combine 'batched': the vectorised form — expert weights stacked [E, in, out], x.unsqueeze(1) @ W1 + b1,
 *                     GELU, @ W2 + b2 → [B, E, T, D]; gates as in 'stack'; Transpose and one MatMul combine.
 * All use only ops torch.onnx emits for such code (no Scatter/OneHot/ReduceSum/Einsum needed).
 */
import { ModelWriter, ElemType } from './proto';
import { mulberry32 as rng } from '../../src-main/core/rng';

export interface MoeOptions {
  experts: number;
  topk: number;
  hidden?: number;
  /** Blocks holding experts; default the odd blocks (M³ViT). */
  blocks?: number[];
  combine?: 'stack' | 'onehot' | 'batched';
}

export interface VitOptions {
  img?: number | [number, number];
  patch?: number;
  dim?: number;
  depth?: number;
  heads?: number;
  mlp?: number;
  hidden?: number;
  /** 0 = no head: output the final LayerNorm's tokens. */
  classes?: number;
  inCh?: number;
  seed?: number;
  style?: keyof typeof STYLES;
  layerNorm?: 'op' | 'decomposed';
  gelu?: 'erf' | 'tanh' | 'op';
  qkv?: 'gather' | 'slice' | 'split' | 'separate';
  /** mul/div after QKᵀ; q: q pre-scaled; sdpa: √scale on q and on Kᵀ (torch's scaled_dot_product_attention export). */
  scale?: 'mul' | 'div' | 'q' | 'sdpa';
  /** matmul: 3-D MatMul + Add (torch Linear on [B,T,D]); gemm: tokens flattened to 2-D, Gemm transB=1, reshaped back. */
  linear?: 'matmul' | 'gemm';
  classToken?: boolean;
  patchEmbed?: 'conv' | 'matmul';
  shapes?: 'dynamic' | 'static';
  head?: 'gemm' | 'matmul';
  pool?: 'gather' | 'slice' | 'mean';
  scalars?: 'initializer' | 'constant';
  biasFirst?: boolean;
  opset?: number;
  eps?: number;
  moe?: MoeOptions;
}

export const STYLES = {
  timm: { layerNorm: 'op', gelu: 'erf', qkv: 'gather', scale: 'mul', patchEmbed: 'conv', shapes: 'dynamic', head: 'gemm', pool: 'gather', scalars: 'initializer', biasFirst: true, opset: 17 },
  hf: { layerNorm: 'op', gelu: 'erf', qkv: 'separate', scale: 'div', patchEmbed: 'conv', shapes: 'dynamic', head: 'matmul', pool: 'slice', scalars: 'constant', biasFirst: false, opset: 17 },
  legacy: { layerNorm: 'decomposed', gelu: 'tanh', qkv: 'slice', scale: 'q', patchEmbed: 'conv', shapes: 'dynamic', head: 'gemm', pool: 'gather', scalars: 'constant', biasFirst: true, opset: 13 },
  static: { layerNorm: 'op', gelu: 'erf', qkv: 'split', scale: 'mul', patchEmbed: 'matmul', shapes: 'static', head: 'gemm', pool: 'mean', scalars: 'initializer', biasFirst: false, opset: 17 },
} as const satisfies Record<string, Partial<VitOptions>>;

export interface BuiltModel {
  writer: ModelWriter;
  input: string;
  output: string;
  /** Input shape at batch 1. */
  inputShape: number[];
  outputShape: number[];
  tokens: number;
  opts: Required<Omit<VitOptions, 'moe' | 'img' | 'style'>> & { imgH: number; imgW: number; moe?: MoeOptions };
}

type Dim = number | 'B' | 'T';

export function buildMoeVit(opts: VitOptions & { moe?: MoeOptions }): BuiltModel {
  return buildVit({ ...opts, moe: opts.moe ?? { experts: 4, topk: 2 } });
}

export function buildVit(user: VitOptions = {}): BuiltModel {
  const style = STYLES[user.style ?? 'timm'];
  const o = {
    patch: 8, dim: 32, depth: 2, heads: 2, mlp: 4, classes: 10, inCh: 3, seed: 1, eps: 1e-6, hidden: 0, linear: 'matmul', classToken: true,
    ...style, ...user,
  } as BuiltModel['opts'] & VitOptions;
  const [imgH, imgW] = Array.isArray(user.img) ? user.img : [user.img ?? 32, user.img ?? 32];
  if (!o.hidden) o.hidden = o.dim * o.mlp;
  // Gelu is an ai.onnx op from opset 20; ReduceMean takes axes as an input from opset 18.
  const opset = o.gelu === 'op' ? Math.max(o.opset, 20) : o.opset;
  const w = new ModelWriter(opset);
  const rand = rng(o.seed);
  const { dim: D, heads: H, patch: P } = o;
  const hd = D / H;
  const gh = imgH / P;
  const gw = imgW / P;
  const N = gh * gw;
  const T = o.classToken ? N + 1 : N;
  const dynamic = o.shapes === 'dynamic';
  let initCount = 0;

  const uniform = (n: number, a: number) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * a);
  // torch names transposed MatMul weights onnx::MatMul_<n>; Gemm/Conv keep the module's name.
  const weight = (name: string, dims: number[], fanIn: number, torchName = false) =>
    w.init(torchName ? `onnx::MatMul_${1000 + initCount++}` : name, dims, uniform(dims.reduce((a, b) => a * b, 1), 1 / Math.sqrt(fanIn)));
  const vecAround = (name: string, n: number, centre: number, spread: number) =>
    w.init(name, [n], Float32Array.from({ length: n }, () => centre + (rand() * 2 - 1) * spread));
  const scalar = (name: string, v: number) => (o.scalars === 'constant' ? w.constant(name, [], Float32Array.of(v)) : w.f32(name, [v]));
  const ints = (name: string, v: number[]) => (o.scalars === 'constant' ? w.constant(name, [v.length], BigInt64Array.from(v.map(BigInt))) : w.i64(name, v));

  /** A Reshape target: constants when static, else a Shape → Gather → Unsqueeze → Concat chain. */
  const shapeOf = (name: string, src: string, dims: Dim[]): string => {
    if (!dynamic) return w.i64(`${name}_shape`, dims.map((d) => (d === 'B' ? 1 : d === 'T' ? T : d)));
    const parts: string[] = [];
    const shape = w.op('Shape', `${name}/Shape`, [src]);
    dims.forEach((d, i) => {
      if (d === 'B' || d === 'T') {
        const g = w.op('Gather', `${name}/Gather_${i}`, [shape, w.i64(`${name}/Constant_${i}`, [d === 'B' ? 0 : 1], [])], { axis: 0 });
        parts.push(w.op('Unsqueeze', `${name}/Unsqueeze_${i}`, [g, w.i64(`${name}/axes_${i}`, [0])]));
      } else parts.push(ints(`${name}/Constant_${i}`, [d]));
    });
    return w.op('Concat', `${name}/Concat`, parts, { axis: 0 });
  };
  const reshape = (name: string, x: string, src: string, dims: Dim[]) => w.op('Reshape', `${name}/Reshape`, [x, shapeOf(name, src, dims)]);

  const linear = (p: string, x: string, inF: number, outF: number): string => {
    const key = p.replace(/^\//, '').replace(/\//g, '.');
    if (o.linear === 'gemm') {
      const flat = w.op('Reshape', `${p}/Reshape`, [x, ints(`${p}/flat`, [-1, inF])]);
      const y = w.op('Gemm', `${p}/Gemm`, [flat, weight(`${key}.weight`, [outF, inF], inF), vecAround(`${key}.bias`, outF, 0, 0.1)], { alpha: { f: 1 }, beta: { f: 1 }, transB: 1 });
      return reshape(`${p}/unflat`, y, x, ['B', 'T', outF]);
    }
    const mm = w.op('MatMul', `${p}/MatMul`, [x, weight(`${p}.weight`, [inF, outF], inF, true)]);
    const b = vecAround(`${key}.bias`, outF, 0, 0.1);
    return w.op('Add', `${p}/Add`, o.biasFirst ? [b, mm] : [mm, b]);
  };

  const layerNorm = (p: string, x: string): string => {
    const key = p.replace(/^\//, '').replace(/\//g, '.');
    const gamma = vecAround(`${key}.weight`, D, 1, 0.1);
    const beta = vecAround(`${key}.bias`, D, 0, 0.1);
    if (o.layerNorm === 'op') return w.op('LayerNormalization', `${p}/LayerNormalization`, [x, gamma, beta], { axis: -1, epsilon: { f: o.eps } });
    const mean = reduceMean(`${p}/ReduceMean`, x);
    const d = w.op('Sub', `${p}/Sub`, [x, mean]);
    const sq = w.op('Pow', `${p}/Pow`, [d, scalar(`${p}/Constant`, 2)]);
    const v = reduceMean(`${p}/ReduceMean_1`, sq);
    const ve = w.op('Add', `${p}/Add`, [v, scalar(`${p}/Constant_1`, o.eps)]);
    const sd = w.op('Sqrt', `${p}/Sqrt`, [ve]);
    const nrm = w.op('Div', `${p}/Div`, [d, sd]);
    const m = w.op('Mul', `${p}/Mul`, [nrm, gamma]);
    return w.op('Add', `${p}/Add_1`, [m, beta]);
  };
  const reduceMean = (name: string, x: string, axes = [-1], keepdims = 1): string =>
    opset >= 18 ? w.op('ReduceMean', name, [x, w.i64(`${name}_axes`, axes)], { keepdims }) : w.op('ReduceMean', name, [x], { axes, keepdims });

  const gelu = (p: string, x: string): string => {
    if (o.gelu === 'op') return w.op('Gelu', `${p}/Gelu`, [x]);
    if (o.gelu === 'erf') {
      const dv = w.op('Div', `${p}/Div`, [x, scalar(`${p}/Constant`, Math.SQRT2)]);
      const e = w.op('Erf', `${p}/Erf`, [dv]);
      const a = w.op('Add', `${p}/Add`, [e, scalar(`${p}/Constant_1`, 1)]);
      const m = w.op('Mul', `${p}/Mul`, [x, a]);
      return w.op('Mul', `${p}/Mul_1`, [m, scalar(`${p}/Constant_2`, 0.5)]);
    }
    // 0.5·x·(1 + tanh(√(2/π)(x + 0.044715·x³))), with the ½·x product first as torch writes it.
    const half = w.op('Mul', `${p}/Mul`, [x, scalar(`${p}/Constant`, 0.5)]);
    const cube = w.op('Pow', `${p}/Pow`, [x, scalar(`${p}/Constant_1`, 3)]);
    const c = w.op('Mul', `${p}/Mul_1`, [cube, scalar(`${p}/Constant_2`, 0.044715)]);
    const inner = w.op('Add', `${p}/Add`, [x, c]);
    const s = w.op('Mul', `${p}/Mul_2`, [inner, scalar(`${p}/Constant_3`, Math.sqrt(2 / Math.PI))]);
    const t = w.op('Tanh', `${p}/Tanh`, [s]);
    const one = w.op('Add', `${p}/Add_1`, [t, scalar(`${p}/Constant_4`, 1)]);
    return w.op('Mul', `${p}/Mul_3`, [half, one]);
  };

  const mlp = (p: string, x: string, hidden: number): string =>
    linear(`${p}/fc2`, gelu(`${p}/act`, linear(`${p}/fc1`, x, D, hidden)), hidden, D);

  const attention = (p: string, x: string): string => {
    let q: string, k: string, v: string;
    const heads = (name: string, t: string) =>
      w.op('Transpose', `${name}/Transpose`, [reshape(name, t, x, ['B', 'T', H, hd])], { perm: [0, 2, 1, 3] });
    if (o.qkv === 'separate') {
      q = heads(`${p}/q`, linear(`${p}/query`, x, D, D));
      k = heads(`${p}/k`, linear(`${p}/key`, x, D, D));
      v = heads(`${p}/v`, linear(`${p}/value`, x, D, D));
    } else {
      const qkv = linear(`${p}/qkv`, x, D, 3 * D);
      const r = reshape(`${p}/qkv_r`, qkv, x, ['B', 'T', 3, H, hd]);
      const perm = w.op('Transpose', `${p}/Transpose`, [r], { perm: [2, 0, 3, 1, 4] });
      if (o.qkv === 'gather') {
        [q, k, v] = [0, 1, 2].map((i) => w.op('Gather', `${p}/Gather_${i}`, [perm, w.i64(`${p}/Constant_g${i}`, [i], [])], { axis: 0 }));
      } else if (o.qkv === 'slice') {
        [q, k, v] = [0, 1, 2].map((i) => {
          const s = w.op('Slice', `${p}/Slice_${i}`, [perm, ints(`${p}/starts_${i}`, [i]), ints(`${p}/ends_${i}`, [i + 1]), ints(`${p}/axes_${i}`, [0])]);
          return w.op('Squeeze', `${p}/Squeeze_${i}`, [s, ints(`${p}/sq_axes_${i}`, [0])]);
        });
      } else {
        const parts = w.node('Split', `${p}/Split`, [perm, w.i64(`${p}/split`, [1, 1, 1])], 3, { axis: 0 });
        [q, k, v] = parts.map((s, i) => w.op('Squeeze', `${p}/Squeeze_${i}`, [s, w.i64(`${p}/sq_axes_${i}`, [0])]));
      }
    }
    const scaleV = 1 / Math.sqrt(hd);
    if (o.scale === 'q') q = w.op('Mul', `${p}/Mul_q`, [q, scalar(`${p}/scale_q`, scaleV)]);
    let kT = w.op('Transpose', `${p}/Transpose_k`, [k], { perm: [0, 1, 3, 2] });
    if (o.scale === 'sdpa') {
      q = w.op('Mul', `${p}/Mul_q`, [q, scalar(`${p}/sqrt_scale_q`, Math.sqrt(scaleV))]);
      kT = w.op('Mul', `${p}/Mul_k`, [kT, scalar(`${p}/sqrt_scale_k`, Math.sqrt(scaleV))]);
    }
    let s = w.op('MatMul', `${p}/MatMul`, [q, kT]);
    if (o.scale === 'mul') s = w.op('Mul', `${p}/Mul`, [s, scalar(`${p}/scale`, scaleV)]);
    if (o.scale === 'div') s = w.op('Div', `${p}/Div`, [s, scalar(`${p}/sqrt_d`, Math.sqrt(hd))]);
    const a = w.op('Softmax', `${p}/Softmax`, [s], { axis: -1 });
    const av = w.op('MatMul', `${p}/MatMul_1`, [a, v]);
    const t = w.op('Transpose', `${p}/Transpose_o`, [av], { perm: [0, 2, 1, 3] });
    const merged = reshape(`${p}/merge`, t, x, ['B', 'T', D]);
    return linear(`${p}/proj`, merged, D, D);
  };

  /** Softmax → TopK → k-th value threshold: gates of the top-k experts, 0 elsewhere ([B, T, E]). */
  const denseGates = (p: string, logits: string, kIn: string, K: number): string => {
    const probs = w.op('Softmax', `${p}/Softmax`, [logits], { axis: -1 });
    const [vals] = w.node('TopK', `${p}/TopK`, [probs, kIn], 2, { axis: -1, largest: 1, sorted: 1 });
    const kth = w.op('Slice', `${p}/Slice`, [vals, w.i64(`${p}/starts`, [K - 1]), w.i64(`${p}/ends`, [K]), w.i64(`${p}/axes`, [-1])]);
    const less = w.op('Less', `${p}/Less`, [probs, kth]);
    return w.op('Where', `${p}/Where`, [less, scalar(`${p}/zero`, 0), probs]);
  };

  const moeLayer = (p: string, x: string, m: MoeOptions): string => {
    const E = m.experts;
    const K = m.topk;
    const eh = m.hidden ?? o.hidden;
    const logits = linear(`${p}/gate`, x, D, E);
    const kIn = w.i64(`${p}/k`, [K]);
    const combine = m.combine ?? 'stack';
    if (combine === 'batched') {
      const key = `${p.replace(/^\//, '').replace(/\//g, '.')}.experts`;
      const xu = w.op('Unsqueeze', `${p}/Unsqueeze_x`, [x, w.i64(`${p}/ax_x`, [1])]);
      const h = w.op('Add', `${p}/Add_b1`, [w.op('MatMul', `${p}/MatMul_w1`, [xu, weight(`${key}.w1`, [E, D, eh], D)]), w.init(`${key}.b1`, [E, 1, eh], uniform(E * eh, 0.1))]);
      const a = gelu(`${p}/act`, h);
      const y = w.op('Add', `${p}/Add_b2`, [w.op('MatMul', `${p}/MatMul_w2`, [a, weight(`${key}.w2`, [E, eh, D], eh)]), w.init(`${key}.b2`, [E, 1, D], uniform(E * D, 0.1))]);
      const yt = w.op('Transpose', `${p}/Transpose_y`, [y], { perm: [0, 2, 1, 3] });
      const g4 = w.op('Unsqueeze', `${p}/Unsqueeze`, [denseGates(p, logits, kIn, K), w.i64(`${p}/gate_axes`, [2])]);
      return w.op('Squeeze', `${p}/Squeeze`, [w.op('MatMul', `${p}/MatMul`, [g4, yt]), w.i64(`${p}/sq_axes`, [2])]);
    }
    const experts = Array.from({ length: E }, (_, e) => mlp(`${p}/experts.${e}`, x, eh));
    if (combine === 'stack') {
      const gates = denseGates(p, logits, kIn, K);
      const stacked = experts.map((y, e) => w.op('Unsqueeze', `${p}/Unsqueeze_${e}`, [y, w.i64(`${p}/axes_${e}`, [2])]));
      const all = w.op('Concat', `${p}/Concat`, stacked, { axis: 2 });
      const g4 = w.op('Unsqueeze', `${p}/Unsqueeze`, [gates, w.i64(`${p}/gate_axes`, [2])]);
      const c = w.op('MatMul', `${p}/MatMul`, [g4, all]);
      return w.op('Squeeze', `${p}/Squeeze`, [c, w.i64(`${p}/sq_axes`, [2])]);
    }
    const [vals, idx] = w.node('TopK', `${p}/TopK`, [logits, kIn], 2, { axis: -1, largest: 1, sorted: 1 });
    const score = w.op('Softmax', `${p}/Softmax`, [vals], { axis: -1 });
    const slots = Array.from({ length: K }, (_, j) => ({
      idx: w.op('Gather', `${p}/Gather_i${j}`, [idx, w.i64(`${p}/j${j}`, [j], [])], { axis: 2 }),
      score: w.op('Gather', `${p}/Gather_s${j}`, [score, w.i64(`${p}/js${j}`, [j], [])], { axis: 2 }),
    }));
    let acc = '';
    experts.forEach((y, e) => {
      let we = '';
      slots.forEach((s, j) => {
        const eq = w.op('Equal', `${p}/Equal_${e}_${j}`, [s.idx, w.i64(`${p}/e${e}_${j}`, [e], [])]);
        const wj = w.op('Where', `${p}/Where_${e}_${j}`, [eq, s.score, scalar(`${p}/zero_${e}_${j}`, 0)]);
        we = we ? w.op('Add', `${p}/Add_w${e}_${j}`, [we, wj]) : wj;
      });
      const wu = w.op('Unsqueeze', `${p}/Unsqueeze_${e}`, [we, w.i64(`${p}/ax_${e}`, [-1])]);
      const contrib = w.op('Mul', `${p}/Mul_${e}`, [wu, y]);
      acc = acc ? w.op('Add', `${p}/Add_acc${e}`, [acc, contrib]) : contrib;
    });
    return acc;
  };

  // ---- model ----
  const input = w.input(o.style === 'hf' ? 'pixel_values' : 'input', [dynamic ? 'batch' : 1, o.inCh, imgH, imgW]);
  let tokens: string;
  if (o.patchEmbed === 'conv') {
    const conv = w.op('Conv', '/patch_embed/proj/Conv', [input, weight('patch_embed.proj.weight', [D, o.inCh, P, P], o.inCh * P * P), vecAround('patch_embed.proj.bias', D, 0, 0.1)],
      { dilations: [1, 1], group: 1, kernel_shape: [P, P], pads: [0, 0, 0, 0], strides: [P, P] });
    const flat = w.op('Reshape', '/patch_embed/Reshape', [conv, shapeOf('/patch_embed/flat', conv, ['B', D, -1])]);
    tokens = w.op('Transpose', '/patch_embed/Transpose', [flat], { perm: [0, 2, 1] });
  } else {
    const r6 = w.op('Reshape', '/patch_embed/Reshape', [input, shapeOf('/patch_embed/r6', input, ['B', o.inCh, gh, P, gw, P])]);
    const tr = w.op('Transpose', '/patch_embed/Transpose', [r6], { perm: [0, 2, 4, 1, 3, 5] });
    const pt = w.op('Reshape', '/patch_embed/Reshape_1', [tr, shapeOf('/patch_embed/r3', input, ['B', N, o.inCh * P * P])]);
    tokens = linear('/patch_embed/proj', pt, o.inCh * P * P, D);
  }
  let clsB = '';
  const cls = o.classToken ? w.init('cls_token', [1, 1, D], uniform(D, 0.02)) : '';
  if (!o.classToken) { /* global-pool models: patches only */ } else if (dynamic) {
    // torch: cls_token.expand(B, -1, -1) → Concat(B, -1, -1) → Where(Equal(s, -1), 1, s) → Expand
    const shp = w.op('Shape', '/Shape', [input]);
    const b = w.op('Unsqueeze', '/Unsqueeze', [w.op('Gather', '/Gather', [shp, w.i64('/Constant', [0], [])], { axis: 0 }), w.i64('/axes', [0])]);
    const sh = w.op('Concat', '/Concat', [b, w.i64('/Constant_1', [-1]), w.i64('/Constant_2', [-1])], { axis: 0 });
    const ones = w.op('ConstantOfShape', '/ConstantOfShape', [w.i64('/Constant_3', [3])], { value: { t: { name: '', dims: [1], data_type: ElemType.INT64, raw_data: new Uint8Array(BigInt64Array.of(1n).buffer) } } });
    const neg = w.op('Mul', '/Mul', [ones, w.i64('/Constant_4', [-1], [])]);
    const eq = w.op('Equal', '/Equal', [sh, neg]);
    const where = w.op('Where', '/Where', [eq, ones, sh]);
    clsB = w.op('Expand', '/Expand', [cls, where]);
  } else clsB = w.op('Expand', '/Expand', [cls, w.i64('/Constant_e', [1, 1, D])]);
  const cat = o.classToken ? w.op('Concat', '/Concat_1', [clsB, tokens], { axis: 1 }) : tokens;
  let s = w.op('Add', '/Add', [cat, w.init('pos_embed', [1, T, D], uniform(T * D, 0.02))]);

  const moeBlocks = new Set(o.moe ? o.moe.blocks ?? Array.from({ length: o.depth }, (_, i) => i).filter((i) => i % 2 === 1) : []);
  for (let b = 0; b < o.depth; b++) {
    const p = `/blocks.${b}`;
    s = w.op('Add', `${p}/Add`, [s, attention(`${p}/attn`, layerNorm(`${p}/norm1`, s))]);
    const n2 = layerNorm(`${p}/norm2`, s);
    const f = moeBlocks.has(b) ? moeLayer(`${p}/moe`, n2, o.moe!) : mlp(`${p}/mlp`, n2, o.hidden);
    s = w.op('Add', `${p}/Add_1`, [s, f]);
  }
  const nf = layerNorm('/norm', s);
  let out = nf;
  let outputShape = [1, T, D];
  if (o.classes > 0) {
    let pooled: string;
    if (o.pool === 'gather') pooled = w.op('Gather', '/Gather_1', [nf, w.i64('/Constant_5', [0], [])], { axis: 1 });
    else if (o.pool === 'slice') {
      const sl = w.op('Slice', '/Slice', [nf, ints('/Constant_6', [0]), ints('/Constant_7', [1]), ints('/Constant_8', [1])]);
      pooled = w.op('Squeeze', '/Squeeze', [sl, ints('/Constant_9', [1])]);
    } else pooled = reduceMean('/ReduceMean', nf, [1], 0);
    if (o.head === 'gemm' || o.linear === 'gemm') {
      out = w.op('Gemm', '/head/Gemm', [pooled, weight('head.weight', [o.classes, D], D), vecAround('head.bias', o.classes, 0, 0.1)], { alpha: { f: 1 }, beta: { f: 1 }, transB: 1 });
    } else out = linear('/classifier', pooled, D, o.classes);
    outputShape = [1, o.classes];
  }
  // Exporters name graph outputs after the user's output_names.
  const outName = o.classes > 0 ? 'logits' : 'last_hidden_state';
  renameTensor(w, out, outName);
  w.output(outName, outputShape.map((d, i) => (i === 0 && dynamic ? 'batch' : d)));
  return {
    writer: w, input, output: outName, inputShape: [1, o.inCh, imgH, imgW], outputShape, tokens: T,
    opts: { ...o, imgH, imgW, opset } as BuiltModel['opts'],
  };
}

function renameTensor(w: ModelWriter, from: string, to: string): void {
  for (const n of w.nodes) {
    n.output = (n.output as string[]).map((t) => (t === from ? to : t));
    n.input = (n.input as string[]).map((t) => (t === from ? to : t));
  }
}
