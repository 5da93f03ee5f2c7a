/**
 * The blocked MatMul/Gemm/Conv kernels against naive loops written here (odd sizes crossing the block
 * boundaries, batch broadcasting, transposes, groups, padding, dilation).
 */
import { describe, it, expect } from 'vitest';
import { OPS } from '../../../src-main/graph/ops';
import type { AttrValue, Node, Tensor } from '../../../src-main/graph/ir';

let seed = 42;
const rnd = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 2 ** 32 - 0.5; };
const T = (dims: number[]): Tensor => ({ name: '', dtype: 'float32', dims, data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, rnd) });
const node = (opType: string, attrs: Record<string, AttrValue> = {}): Node => ({ name: opType, opType, domain: '', inputs: ['a', 'b', 'c'], outputs: ['y'], attrs });
const ints = (value: number[]): AttrValue => ({ kind: 'ints', value });
const int = (value: number): AttrValue => ({ kind: 'int', value });

function expectClose(got: Tensor, want: Float64Array, dims: number[]) {
  expect(got.dims).toEqual(dims);
  const g = got.data as Float32Array;
  expect(g.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (Math.abs(g[i] - want[i]) > 1e-5 + 1e-4 * Math.abs(want[i])) expect.fail(`[${i}] ${g[i]} vs ${want[i]}`);
}

describe('MatMul', () => {
  it('matches a naive product across block boundaries (7×133 · 133×517)', () => {
    const [M, K, N] = [7, 133, 517];
    const a = T([M, K]), b = T([K, N]);
    const want = new Float64Array(M * N);
    const A = a.data as Float32Array, B = b.data as Float32Array;
    for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) { let s = 0; for (let k = 0; k < K; k++) s += A[i * K + k] * B[k * N + j]; want[i * N + j] = s; }
    expectClose(OPS.MatMul.run(node('MatMul'), [a, b], 17)[0], want, [M, N]);
  });

  it('broadcasts batch dims ([2,1,3,5] · [4,5,6] → [2,4,3,6])', () => {
    const a = T([2, 1, 3, 5]), b = T([4, 5, 6]);
    const A = a.data as Float32Array, B = b.data as Float32Array;
    const want = new Float64Array(2 * 4 * 3 * 6);
    for (let p = 0; p < 2; p++) for (let q = 0; q < 4; q++) for (let i = 0; i < 3; i++) for (let j = 0; j < 6; j++) {
      let s = 0;
      for (let k = 0; k < 5; k++) s += A[p * 15 + i * 5 + k] * B[q * 30 + k * 6 + j];
      want[((p * 4 + q) * 3 + i) * 6 + j] = s;
    }
    expectClose(OPS.MatMul.run(node('MatMul'), [a, b], 17)[0], want, [2, 4, 3, 6]);
  });
});

describe('Gemm', () => {
  for (const [tA, tB] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
    it(`transA=${tA} transB=${tB} with alpha, beta and a row bias`, () => {
      const [M, K, N] = [5, 70, 67];
      const a = T(tA ? [K, M] : [M, K]), b = T(tB ? [N, K] : [K, N]), c = T([N]);
      const A = a.data as Float32Array, B = b.data as Float32Array, C = c.data as Float32Array;
      const want = new Float64Array(M * N);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += (tA ? A[k * M + i] : A[i * K + k]) * (tB ? B[j * K + k] : B[k * N + j]);
        want[i * N + j] = 0.5 * s + 2 * C[j];
      }
      const n = node('Gemm', { transA: int(tA), transB: int(tB), alpha: { kind: 'float', value: 0.5 }, beta: { kind: 'float', value: 2 } });
      expectClose(OPS.Gemm.run(n, [a, b, c], 13)[0], want, [M, N]);
    });
  }
});

describe('Conv', () => {
  function naive(x: Tensor, w: Tensor, b: Tensor | undefined, s: number[], p: number[], d: number[], group: number): { data: Float64Array; dims: number[] } {
    const [N, C, H, W] = x.dims, [OC, Cg, KH, KW] = w.dims;
    const OH = Math.floor((H + p[0] + p[2] - ((KH - 1) * d[0] + 1)) / s[0]) + 1;
    const OW = Math.floor((W + p[1] + p[3] - ((KW - 1) * d[1] + 1)) / s[1]) + 1;
    const X = x.data as Float32Array, Wt = w.data as Float32Array;
    const out = new Float64Array(N * OC * OH * OW);
    const ocg = OC / group;
    for (let n = 0; n < N; n++) for (let oc = 0; oc < OC; oc++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
      let sum = b ? (b.data as Float32Array)[oc] : 0;
      const g = Math.floor(oc / ocg);
      for (let c = 0; c < Cg; c++) for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++) {
        const ih = oh * s[0] - p[0] + kh * d[0], iw = ow * s[1] - p[1] + kw * d[1];
        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
        sum += X[((n * C + g * Cg + c) * H + ih) * W + iw] * Wt[((oc * Cg + c) * KH + kh) * KW + kw];
      }
      out[((n * OC + oc) * OH + oh) * OW + ow] = sum;
    }
    return { data: out, dims: [N, OC, OH, OW] };
  }

  it('patch embedding: kernel = stride, with bias', () => {
    const x = T([1, 3, 32, 32]), w = T([8, 3, 8, 8]), b = T([8]);
    const want = naive(x, w, b, [8, 8], [0, 0, 0, 0], [1, 1], 1);
    expectClose(OPS.Conv.run(node('Conv', { kernel_shape: ints([8, 8]), strides: ints([8, 8]) }), [x, w, b], 17)[0], want.data, want.dims);
  });

  it('groups, asymmetric pads, strides and dilations', () => {
    const x = T([2, 4, 9, 11]), w = T([6, 2, 3, 2]);
    const want = naive(x, w, undefined, [2, 1], [1, 0, 2, 1], [1, 2], 2);
    const n = node('Conv', { strides: ints([2, 1]), pads: ints([1, 0, 2, 1]), dilations: ints([1, 2]), group: int(2) });
    expectClose(OPS.Conv.run(n, [x, w, undefined], 17)[0], want.data, want.dims);
    // Shape inference agrees with the kernel.
    expect(OPS.Conv.infer(n, [{ dtype: 'float32', shape: x.dims }, { dtype: 'float32', shape: w.dims }], [], 17)[0]?.shape).toEqual(want.dims);
  });
});
