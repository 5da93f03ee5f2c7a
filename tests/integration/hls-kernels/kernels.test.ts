/**
 * C simulation of each hls/ kernel (g++ against hls/sim) against the float reference: the reference
 * executor on a small graph of the ops the kernel replaces, or a TypeScript reference where the
 * executor has no such op (MoE routing, saturating residual). Inputs are drawn on the kernel's input
 * grid so the comparison measures the kernel, not input quantisation. Each test prints max abs error
 * (also in LSBs of the output type) and cosine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDriver, runKernel, refGraph, geluNodes, metrics, report, qrand, lsb, T, RND } from './harness';
import { mulberry32 as rand } from '../../../src-main/core/rng';
import { geluErf } from '../../../src-main/codegen/approx';
import { quantize } from '../../../src-main/codegen/quantize';

beforeAll(() => { buildDriver(); }, 180_000);

function transpose(a: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const o = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) o[c * rows + r] = a[r * cols + c];
  return o;
}

describe('linear (unified compute unit)', () => {
  const r = rand(11);
  const K = 32, N = 24, rows = 7;
  const x = qrand(r, 8 * K, -4, 4, T.act);
  const w = qrand(r, N * K, -0.5, 0.5, T.w);
  const b = qrand(r, N, -1, 1, T.b);
  const ref = (gelu: boolean) => refGraph((g) => {
    const mm = g.op('MatMul', 'mm', ['x', g.weight('wt', [K, N], Float32Array.from(transpose(w, N, K)))], [rows, N]);
    const y = g.op('Add', 'add', [mm, g.weight('b', [N], Float32Array.from(b))], [rows, N]);
    return gelu ? geluNodes(g, y, [rows, N], 'gelu') : y;
  }, { x: { dims: [rows, K], data: x.slice(0, rows * K) } });

  it('matches MatMul + Add within one output LSB, for a partial row count', () => {
    const out = runKernel('linear', { x, w, b, rows: [rows] });
    expect(out.length).toBe(rows * N);
    const m = metrics(out, ref(false));
    report('linear', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.99999);
  });

  it('fuses GELU into its output stage (matches MatMul + Add + erf GELU)', () => {
    const out = runKernel('linear_gelu', { x, w, b, rows: [rows] });
    const m = metrics(out, ref(true));
    report('linear+gelu', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(1.5 * lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.99999);
  });

  it('pads tiles that do not divide K and N (TI = 7, TO = 5 for K = 32, N = 24) with the same result', () => {
    const out = runKernel('linear_pad', { x, w, b, rows: [rows] });
    expect(out.length).toBe(rows * N);
    const m = metrics(out, ref(false));
    report('linear (padded tiles)', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.99999);
  });

  it('runs two layers of different shapes on one instance (runtime K, N, offsets; 2nd layer from resident weights)', () => {
    const N2 = 20;
    const w2 = qrand(r, N2 * N, -0.4, 0.4, T.w);
    const b2 = qrand(r, N2, -1, 1, T.b);
    const expected = refGraph((g) => {
      const mm = g.op('MatMul', 'mm', ['x', g.weight('wt', [K, N], Float32Array.from(transpose(w, N, K)))], [rows, N]);
      const y = g.op('Add', 'add', [mm, g.weight('b', [N], Float32Array.from(b))], [rows, N]);
      const h = geluNodes(g, y, [rows, N], 'gelu');
      const mm2 = g.op('MatMul', 'mm2', [h, g.weight('wt2', [N, N2], Float32Array.from(transpose(w2, N2, N)))], [rows, N2]);
      return g.op('Add', 'add2', [mm2, g.weight('b2', [N2], Float32Array.from(b2))], [rows, N2]);
    }, { x: { dims: [rows, K], data: x.slice(0, rows * K) } });
    const out = runKernel('linear_chain', { x, w: [...w, ...w2], b: [...b, ...b2], rows: [rows] });
    expect(out.length).toBe(rows * N2);
    const m = metrics(out, expected);
    report('linear chain (one instance)', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(4 * lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.9999);
  });
});

describe('attention (reordered, single-pass softmax)', () => {
  it('matches QK^T → scale → Softmax → AV per head, with a partial key tile, whole head or folded head dimension', () => {
    const r = rand(7);
    const Tk = 13, H = 2, HD = 8, D = H * HD;
    const qkv = qrand(r, Tk * 3 * D, -2, 2, T.act);
    const heads = (part: number) => {
      const o = new Float32Array(H * Tk * HD);
      for (let h = 0; h < H; h++) for (let t = 0; t < Tk; t++) for (let d = 0; d < HD; d++) o[(h * Tk + t) * HD + d] = qkv[t * 3 * D + part * D + h * HD + d];
      return o;
    };
    const ref = refGraph((g) => {
      const kt = g.op('Transpose', 'kt', ['k'], [H, HD, Tk], { perm: [0, 2, 1] });
      const s = g.op('MatMul', 'qk', ['q', kt], [H, Tk, Tk]);
      const sc = g.op('Mul', 'scale', [s, g.f32('sc', [1 / Math.sqrt(HD)])], [H, Tk, Tk]);
      const p = g.op('Softmax', 'sm', [sc], [H, Tk, Tk], { axis: -1 });
      return g.op('MatMul', 'av', [p, 'v'], [H, Tk, HD]);
    }, { q: { dims: [H, Tk, HD], data: heads(0) }, k: { dims: [H, Tk, HD], data: heads(1) }, v: { dims: [H, Tk, HD], data: heads(2) } });
    const expected = new Float64Array(Tk * D);
    for (let h = 0; h < H; h++) for (let t = 0; t < Tk; t++) for (let d = 0; d < HD; d++) expected[t * D + h * HD + d] = ref[(h * Tk + t) * HD + d];
    for (const k of ['attention', 'attention_dc2']) {
      // attention_dc2: the head dimension folded into chunks of 2 (tiles.attnDim), same function
      const out = runKernel(k, { qkv });
      const m = metrics(out, expected);
      report(k, m, T.act);
      expect(m.maxAbs).toBeLessThanOrEqual(4 * lsb(T.act));
      expect(m.cosine).toBeGreaterThan(0.99999);
    }
  });
});

describe('softmax exponent (base-2 split)', () => {
  it('exp(x) for x in [-20, 0] is within one LSB of the softmax type', () => {
    const xs = Float64Array.from({ length: 4001 }, (_, i) => quantize(-20 + i * 0.005, { w: 40, i: 16, signed: true }));
    const out = runKernel('exp', { x: xs });
    const m = metrics(out, Array.from(xs, Math.exp));
    report('softmax exp', m, T.sm);
    expect(m.maxAbs).toBeLessThanOrEqual(lsb(T.sm));
  });
});

describe('GELU (piecewise cubic)', () => {
  it('is within one LSB of the activation type over [-8, 8] against the erf-form graph', () => {
    const xs = Float64Array.from({ length: 4097 }, (_, i) => quantize(-8 + i / 256, { w: 40, i: 16, signed: true }));
    const ref = refGraph((g) => geluNodes(g, 'x', [xs.length], 'gelu'), { x: { dims: [xs.length], data: xs } });
    const out = runKernel('gelu', { x: xs });
    const m = metrics(out, ref);
    report('gelu', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(lsb(T.act));
    // and against the double-precision erf: the float32 graph is not what limits it
    expect(metrics(out, Array.from(xs, geluErf)).maxAbs).toBeLessThanOrEqual(lsb(T.act));
  });
});

describe('LayerNorm', () => {
  it('matches LayerNormalization (axis -1)', () => {
    const r = rand(5);
    const Tn = 5, D = 48;
    const x = qrand(r, Tn * D, -3, 5, T.act);
    const gamma = qrand(r, D, 0.5, 1.5, T.b);
    const beta = qrand(r, D, -0.5, 0.5, T.b);
    const ref = refGraph((g) => g.op('LayerNormalization', 'ln', ['x', g.weight('g', [D], Float32Array.from(gamma)), g.weight('b', [D], Float32Array.from(beta))], [Tn, D], { axis: -1, epsilon: { f: 1e-6 } }),
      { x: { dims: [Tn, D], data: x } });
    const out = runKernel('layernorm', { x, gamma, beta });
    const m = metrics(out, ref);
    report('layernorm', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(2 * lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.99999);
  });
});

describe('patch embedding', () => {
  it('matches Conv(k = s = patch) → flatten → transpose → class token → + position', () => {
    const r = rand(3);
    const C = 3, S = 16, P = 4, D = 16, NP = (S / P) ** 2;
    const img = qrand(r, C * S * S, 0, 1, T.pix, RND);
    const w = qrand(r, D * C * P * P, -0.3, 0.3, T.w);
    const b = qrand(r, D, -0.5, 0.5, T.b);
    const cls = qrand(r, D, -1, 1, T.b);
    const pos = qrand(r, (NP + 1) * D, -1, 1, T.b);
    const ref = refGraph((g) => {
      const conv = g.op('Conv', 'conv', ['img', g.weight('w', [D, C, P, P], Float32Array.from(w)), g.weight('b', [D], Float32Array.from(b))], [1, D, S / P, S / P], { kernel_shape: [P, P], strides: [P, P] });
      const fl = g.op('Reshape', 'fl', [conv, g.i64('shape', [1, D, NP])], [1, D, NP]);
      const tr = g.op('Transpose', 'tr', [fl], [1, NP, D], { perm: [0, 2, 1] });
      const cat = g.op('Concat', 'cat', [g.weight('cls', [1, 1, D], Float32Array.from(cls)), tr], [1, NP + 1, D], { axis: 1 });
      return g.op('Add', 'pos', [cat, g.weight('pos', [1, NP + 1, D], Float32Array.from(pos))], [1, NP + 1, D]);
    }, { img: { dims: [1, C, S, S], data: img } });
    const out = runKernel('patch_embed', { img, w, b, cls, pos });
    const m = metrics(out, ref);
    report('patch embed', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.99999);
  });
});

describe('MoE (gate, top-k, expert-by-expert reordering, weighted combine)', () => {
  const Tn = 12, D = 16, E = 8, K = 2, HID = 24;
  const r = rand(21);
  const x = qrand(r, Tn * D, -2, 2, T.act);
  const wg = qrand(r, E * D, -0.6, 0.6, T.w);
  const bg = qrand(r, E, -0.2, 0.2, T.b);
  const w1 = qrand(r, E * HID * D, -0.4, 0.4, T.w);
  const b1 = qrand(r, E * HID, -0.2, 0.2, T.b);
  const w2 = qrand(r, E * D * HID, -0.3, 0.3, T.w);
  const b2 = qrand(r, E * D, -0.2, 0.2, T.b);
  /** Dense formulation (every expert on every token, masked gates), as the exported graph computes it. */
  function reference(renorm: boolean): { y: Float64Array; routes: number[][] } {
    const y = new Float64Array(Tn * D);
    const routes: number[][] = [];
    for (let t = 0; t < Tn; t++) {
      const logit = Array.from({ length: E }, (_, e) => { let s = bg[e]; for (let d = 0; d < D; d++) s += x[t * D + d] * wg[e * D + d]; return s; });
      const mx = Math.max(...logit);
      const ex = logit.map((l) => Math.exp(l - mx));
      const sum = ex.reduce((a, b2_) => a + b2_, 0);
      const p = ex.map((v) => v / sum);
      const order = p.map((v, e) => [v, e]).sort((a, b_) => b_[0] - a[0] || a[1] - b_[1]).slice(0, K).map((q) => q[1]);
      routes.push(order);
      const sel = order.reduce((a, e) => a + p[e], 0);
      for (const e of order) {
        const gate = renorm ? p[e] / sel : p[e];
        const h = Array.from({ length: HID }, (_, j) => { let s = b1[e * HID + j]; for (let d = 0; d < D; d++) s += x[t * D + d] * w1[(e * HID + j) * D + d]; return geluErf(s); });
        for (let d = 0; d < D; d++) {
          let s = b2[e * D + d];
          for (let j = 0; j < HID; j++) s += h[j] * w2[(e * D + d) * HID + j];
          y[t * D + d] += gate * s;
        }
      }
    }
    return { y, routes };
  }

  it('matches the dense softmax → top-k → masked-gate formulation', () => {
    const { y, routes } = reference(false);
    // every expert is used by some token, so the reordering is exercised across all of them
    expect(new Set(routes.flat()).size).toBe(E);
    const out = runKernel('moe', { x, wg, bg, w1, b1, w2, b2 });
    const m = metrics(out, y);
    report('moe', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(4 * lsb(T.act));
    expect(m.cosine).toBeGreaterThan(0.9999);
  });

  it('renormalises the chosen gates when the model does softmax after top-k', () => {
    const out = runKernel('moe_renorm', { x, wg, bg, w1, b1, w2, b2 });
    const m = metrics(out, reference(true).y);
    report('moe (renormalised gates)', m, T.act);
    expect(m.maxAbs).toBeLessThanOrEqual(4 * lsb(T.act));
    // and it is a different function from the unnormalised one
    expect(metrics(out, reference(false).y).maxAbs).toBeGreaterThan(10 * lsb(T.act));
  });
});

describe('residual add', () => {
  it('adds exactly and saturates at the activation range', () => {
    const r = rand(9);
    const a = qrand(r, 32, -30, 30, T.act);
    const b = qrand(r, 32, -30, 30, T.act);
    a[0] = 31; b[0] = 5; a[1] = -31; b[1] = -5; // force both saturation directions
    const max = 32 - lsb(T.act);
    const expected = Array.from(a, (v, i) => Math.min(max, Math.max(-32, v + b[i])));
    const out = runKernel('residual', { a, b });
    const m = metrics(out, expected);
    report('residual', m, T.act);
    expect(m.maxAbs).toBe(0);
    expect(out[0]).toBe(max);
    expect(out[1]).toBe(-32);
  });
});
