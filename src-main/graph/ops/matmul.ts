/**
 * MatMul (numpy semantics, batched with broadcasting) and Gemm. The kernel is blocked i-k-j over
 * Float32Array inputs with a Float64Array accumulator (reused between calls): a block of B rows stays in
 * cache while every row of A streams past it. Transposed B (Gemm transB, or a weight stored [N, K])
 * uses row-by-row dot products, where both operands are contiguous.
 */
import type { Tensor } from '../ir';
import { attrFloat, attrInt, numel } from '../ir';
import type { OpSpec } from './types';
import { need, opError } from './types';
import { broadcastShapes, broadcastStrides, dataOf, forEachBroadcast3, makeTensor } from './tensor-util';

type F = Float32Array | Float64Array;

let acc = new Float64Array(0);
function accumulator(n: number): Float64Array {
  if (acc.length < n) acc = new Float64Array(Math.max(n, acc.length * 2));
  else acc.fill(0, 0, n);
  return acc;
}

const KB = 128; // rows of B per block
const NB = 512; // columns of B per block: KB×NB floats ≈ 256 KiB, fits L2

/** C[M,N] (+)= A[M,K] · B[K,N]; all row-major with the given offsets. */
export function gemmNN(M: number, N: number, K: number, a: F, aOff: number, b: F, bOff: number, c: Float64Array): void {
  for (let j0 = 0; j0 < N; j0 += NB) {
    const j1 = Math.min(N, j0 + NB);
    for (let k0 = 0; k0 < K; k0 += KB) {
      const k1 = Math.min(K, k0 + KB);
      let i = 0;
      // Two rows of A × four rows of B per pass: each B element loaded once feeds two rows of C,
      // and each C element is loaded/stored once per four multiply-adds.
      for (; i + 1 < M; i += 2) {
        const aRow = aOff + i * K, aRow2 = aRow + K;
        const cRow = i * N, cRow2 = cRow + N;
        let k = k0;
        for (; k + 3 < k1; k += 4) {
          const a0 = a[aRow + k], a1 = a[aRow + k + 1], a2 = a[aRow + k + 2], a3 = a[aRow + k + 3];
          const e0 = a[aRow2 + k], e1 = a[aRow2 + k + 1], e2 = a[aRow2 + k + 2], e3 = a[aRow2 + k + 3];
          const b0 = bOff + k * N, b1 = b0 + N, b2 = b1 + N, b3 = b2 + N;
          for (let j = j0; j < j1; j++) {
            const x0 = b[b0 + j], x1 = b[b1 + j], x2 = b[b2 + j], x3 = b[b3 + j];
            c[cRow + j] += a0 * x0 + a1 * x1 + a2 * x2 + a3 * x3;
            c[cRow2 + j] += e0 * x0 + e1 * x1 + e2 * x2 + e3 * x3;
          }
        }
        for (; k < k1; k++) {
          const av = a[aRow + k], ev = a[aRow2 + k];
          const bRow = bOff + k * N;
          for (let j = j0; j < j1; j++) { const x = b[bRow + j]; c[cRow + j] += av * x; c[cRow2 + j] += ev * x; }
        }
      }
      for (; i < M; i++) {
        const aRow = aOff + i * K;
        const cRow = i * N;
        let k = k0;
        for (; k + 3 < k1; k += 4) {
          const a0 = a[aRow + k], a1 = a[aRow + k + 1], a2 = a[aRow + k + 2], a3 = a[aRow + k + 3];
          const b0 = bOff + k * N, b1 = b0 + N, b2 = b1 + N, b3 = b2 + N;
          for (let j = j0; j < j1; j++) c[cRow + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
        for (; k < k1; k++) {
          const av = a[aRow + k];
          const bRow = bOff + k * N;
          for (let j = j0; j < j1; j++) c[cRow + j] += av * b[bRow + j];
        }
      }
    }
  }
}

/** C[M,N] (+)= A[M,K] · Bᵀ where B is stored [N,K]. */
export function gemmNT(M: number, N: number, K: number, a: F, aOff: number, b: F, bOff: number, c: Float64Array): void {
  const JB = 64;
  for (let j0 = 0; j0 < N; j0 += JB) {
    const j1 = Math.min(N, j0 + JB);
    for (let i = 0; i < M; i++) {
      const aRow = aOff + i * K;
      for (let j = j0; j < j1; j++) {
        const bRow = bOff + j * K;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let k = 0;
        for (; k + 3 < K; k += 4) {
          s0 += a[aRow + k] * b[bRow + k];
          s1 += a[aRow + k + 1] * b[bRow + k + 1];
          s2 += a[aRow + k + 2] * b[bRow + k + 2];
          s3 += a[aRow + k + 3] * b[bRow + k + 3];
        }
        for (; k < K; k++) s0 += a[aRow + k] * b[bRow + k];
        c[i * N + j] += s0 + s1 + s2 + s3;
      }
    }
  }
}

function transpose2d(src: F, off: number, rows: number, cols: number): F {
  const out = src instanceof Float32Array ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[off + r * cols + c];
  return out;
}

function floatData(t: Tensor): F {
  const d = dataOf(t);
  if (d instanceof Float32Array || d instanceof Float64Array) return d;
  throw opError(`expects float32/float64 data, got ${t.dtype} for '${t.name}'`);
}

function matmulShape(a: number[], b: number[]): number[] {
  const A = a.length === 1 ? [1, a[0]] : a;
  const B = b.length === 1 ? [b[0], 1] : b;
  const K = A[A.length - 1];
  if (B[B.length - 2] !== K) throw opError(`inner dimensions differ: [${a.join(', ')}] × [${b.join(', ')}]`);
  const batch = broadcastShapes(A.slice(0, -2), B.slice(0, -2));
  if (!batch) throw opError(`batch dimensions cannot be broadcast: [${a.join(', ')}] × [${b.join(', ')}]`);
  const out = [...batch, A[A.length - 2], B[B.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.splice(out.length - 1, 1);
  return out;
}

export const MatMul: OpSpec = {
  infer(_n, ins) {
    const a = need(ins[0], 'A'), b = need(ins[1], 'B');
    return [{ dtype: a.dtype, shape: a.shape && b.shape ? matmulShape(a.shape, b.shape) : undefined }];
  },
  run(_n, ins) {
    const TA = need(ins[0], 'A'), TB = need(ins[1], 'B');
    const outDims = matmulShape(TA.dims, TB.dims);
    const Ad = TA.dims.length === 1 ? [1, TA.dims[0]] : TA.dims;
    const Bd = TB.dims.length === 1 ? [TB.dims[0], 1] : TB.dims;
    const M = Ad[Ad.length - 2], K = Ad[Ad.length - 1], N = Bd[Bd.length - 1];
    const batch = broadcastShapes(Ad.slice(0, -2), Bd.slice(0, -2))!;
    const a = floatData(TA), b = floatData(TB);
    const out = makeTensor(TA.dtype, outDims);
    const o = out.data as F;
    const nb = numel(batch);
    // Batch offsets (in matrices) of A and B for each output batch index.
    const sa = broadcastStrides(Ad.slice(0, -2), batch), sb = broadcastStrides(Bd.slice(0, -2), batch);
    const offs: Array<[number, number]> = [];
    forEachBroadcast3(batch, sa, sb, sb, (_o, ai, bi) => { offs.push([ai, bi]); });
    if (batch.length === 0) offs.push([0, 0]);
    const c = accumulator(M * N);
    for (let t = 0; t < nb; t++) {
      if (t > 0) c.fill(0, 0, M * N);
      gemmNN(M, N, K, a, offs[t][0] * M * K, b, offs[t][1] * K * N, c);
      const base = t * M * N;
      for (let i = 0; i < M * N; i++) o[base + i] = c[i];
    }
    return [out];
  },
};

export const Gemm: OpSpec = {
  infer(node, ins) {
    const a = need(ins[0], 'A'), b = need(ins[1], 'B');
    if (!a.shape || !b.shape) return [{ dtype: a.dtype }];
    const tA = attrInt(node, 'transA', 0), tB = attrInt(node, 'transB', 0);
    const M = tA ? a.shape[1] : a.shape[0];
    const N = tB ? b.shape[0] : b.shape[1];
    return [{ dtype: a.dtype, shape: [M, N] }];
  },
  run(node, ins) {
    const TA = need(ins[0], 'A'), TB = need(ins[1], 'B'), TC = ins[2];
    if (TA.dims.length !== 2 || TB.dims.length !== 2) throw opError(`Gemm needs 2-D A and B, got [${TA.dims}] and [${TB.dims}]`);
    const tA = attrInt(node, 'transA', 0), tB = attrInt(node, 'transB', 0);
    const alpha = attrFloat(node, 'alpha', 1), beta = attrFloat(node, 'beta', 1);
    let a: F = floatData(TA);
    const M = tA ? TA.dims[1] : TA.dims[0], K = tA ? TA.dims[0] : TA.dims[1];
    const Kb = tB ? TB.dims[1] : TB.dims[0], N = tB ? TB.dims[0] : TB.dims[1];
    if (K !== Kb) throw opError(`inner dimensions differ: A gives K=${K}, B gives K=${Kb}`);
    if (tA) a = transpose2d(a, 0, TA.dims[0], TA.dims[1]);
    const b = floatData(TB);
    const c = accumulator(M * N);
    if (tB) gemmNT(M, N, K, a, 0, b, 0, c); else gemmNN(M, N, K, a, 0, b, 0, c);
    const out = makeTensor(TA.dtype, [M, N]);
    const o = out.data as F;
    if (TC && beta !== 0) {
      const cd = floatData(TC);
      const st = broadcastStrides(TC.dims, [M, N]);
      const zero = [0, 0];
      forEachBroadcast3([M, N], st, zero, zero, (oi, ci) => { o[oi] = alpha * c[oi] + beta * cd[ci]; });
    } else {
      for (let i = 0; i < M * N; i++) o[i] = alpha * c[i];
    }
    return [out];
  },
};

