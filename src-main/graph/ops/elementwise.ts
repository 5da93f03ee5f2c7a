/**
 * Element-wise ops with numpy broadcasting: Add Sub Mul Div Pow Equal Less Greater Where, and the unary
 * family (Sqrt Reciprocal Erf Tanh Sigmoid Relu Gelu Neg Exp Abs). Float math runs in double and is
 * stored in the output dtype (float32 rounding once per op, like a float32 reference).
 */
import type { DType, Node, Tensor } from '../ir';
import { attrString, numel } from '../ir';
import type { OpSpec, ValueType } from './types';
import { need, opError } from './types';
import {
  broadcastShapes, broadcastStrides, broadcastTo, dataOf, forEachBroadcast3, isBig, makeTensor, sameDims,
} from './tensor-util';
import { erf } from './erf';

type NumFn = (a: number, b: number) => number;
type BigFn = (a: bigint, b: bigint) => bigint;

function broadcastInfer(ins: Array<ValueType | undefined>, node: Node): number[] | undefined {
  const shapes = ins.map((t) => t?.shape);
  if (shapes.some((s) => !s)) return undefined;
  const out = broadcastShapes(...(shapes as number[][]));
  if (!out) throw opError(`inputs cannot be broadcast together: ${shapes.map((s) => `[${s!.join(', ')}]`).join(' vs ')} (${node.inputs.join(', ')})`);
  return out;
}

function binary(name: string, fn: NumFn, bfn: BigFn, outType?: DType, compare?: (a: number, b: number) => boolean, bcompare?: (a: bigint, b: bigint) => boolean): OpSpec {
  return {
    infer(node, ins) {
      const a = need(ins[0], 'input A'), b = need(ins[1], 'input B');
      return [{ dtype: outType ?? a.dtype, shape: broadcastInfer([a, b], node) ?? undefined }];
    },
    run(_node, ins) {
      const A = need(ins[0], 'input A'), B = need(ins[1], 'input B');
      const outDims = broadcastShapes(A.dims, B.dims);
      if (!outDims) throw opError(`inputs cannot be broadcast together: [${A.dims}] vs [${B.dims}]`);
      const dt = outType ?? A.dtype;
      const fast = FAST_F32[name];
      if (fast && A.dtype === 'float32' && B.dtype === 'float32') return [fastF32(fast, A, B, outDims)];
      const out = makeTensor(dt, outDims);
      const a = dataOf(A) as unknown as ArrayLike<number | bigint>, b = dataOf(B) as unknown as ArrayLike<number | bigint>;
      const o = out.data as unknown as { [i: number]: number | bigint };
      const big = isBig(A.dtype);
      const bigB = isBig(B.dtype);
      let f: (x: number | bigint, y: number | bigint) => number | bigint;
      if (compare) {
        f = big && bigB ? (x, y) => (bcompare!(x as bigint, y as bigint) ? 1 : 0) : (x, y) => (compare(Number(x), Number(y)) ? 1 : 0);
      } else if (big) {
        // Pow with a float exponent on int64 data, or mixed: compute in double, truncate.
        f = bigB ? (x, y) => bfn(x as bigint, y as bigint) : (x, y) => BigInt(Math.trunc(fn(Number(x), Number(y))));
      } else if (dt === 'float32' || dt === 'float64' || dt === 'float16') {
        f = bigB ? (x, y) => fn(x as number, Number(y)) : (fn as never);
      } else {
        f = (x, y) => Math.trunc(fn(Number(x), Number(y)));
      }
      const total = numel(outDims);
      if (sameDims(A.dims, B.dims)) {
        for (let i = 0; i < total; i++) o[i] = f(a[i], b[i]);
      } else if (numel(B.dims) === 1 && sameDims(A.dims, outDims)) {
        const y = b[0];
        for (let i = 0; i < total; i++) o[i] = f(a[i], y);
      } else {
        const sa = broadcastStrides(A.dims, outDims), sb = broadcastStrides(B.dims, outDims);
        forEachBroadcast3(outDims, sa, sb, sb, (oi, ai, bi) => { o[oi] = f(a[ai], b[bi]); });
      }
      return [out];
    },
  };
}

/**
 * float32 fast path for the arithmetic ops (most of a ViT's element-wise work): one monomorphic loop per
 * op over equal-length arrays, after expanding a broadcast operand with block copies/fills.
 */
type F32Loop = { same(a: Float32Array, b: Float32Array, o: Float32Array): void; scalar(a: Float32Array, y: number, o: Float32Array): void };
const FAST_F32: Record<string, F32Loop> = {
  Add: {
    same: (a, b, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] + b[i]; },
    scalar: (a, y, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] + y; },
  },
  Sub: {
    same: (a, b, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] - b[i]; },
    scalar: (a, y, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] - y; },
  },
  Mul: {
    same: (a, b, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] * b[i]; },
    scalar: (a, y, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] * y; },
  },
  Div: {
    same: (a, b, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] / b[i]; },
    scalar: (a, y, o) => { for (let i = 0; i < o.length; i++) o[i] = a[i] / y; },
  },
};

/** `t` broadcast to outDims as a Float32Array (the data itself when no broadcast is needed). */
function expandF32(t: Tensor, outDims: number[]): Float32Array {
  const d = dataOf(t) as Float32Array;
  const total = numel(outDims);
  if (d.length === total) return d;
  const dims = [...new Array(outDims.length - t.dims.length).fill(1), ...t.dims];
  const out = new Float32Array(total);
  let k = dims.length; // dims[k..] equal outDims[k..]
  while (k > 0 && dims[k - 1] === outDims[k - 1]) k--;
  if (dims.slice(0, k).every((v) => v === 1)) { // trailing match: tile (e.g. a bias row)
    for (let off = 0; off < total; off += d.length) out.set(d, off);
    return out;
  }
  let j = 0; // dims[..j] equal outDims[..j], the rest 1: repeat each value (e.g. a per-row mean)
  while (j < dims.length && dims[j] === outDims[j]) j++;
  if (dims.slice(j).every((v) => v === 1)) {
    const rep = total / d.length;
    for (let i = 0; i < d.length; i++) out.fill(d[i], i * rep, (i + 1) * rep);
    return out;
  }
  out.set(dataOf(broadcastTo(t, outDims)) as Float32Array);
  return out;
}

function fastF32(loop: F32Loop, A: Tensor, B: Tensor, outDims: number[]): Tensor {
  const out = makeTensor('float32', outDims);
  const o = out.data as Float32Array;
  const a = expandF32(A, outDims);
  const b = dataOf(B) as Float32Array;
  if (b.length === 1) loop.scalar(a, b[0], o);
  else loop.same(a, expandF32(B, outDims), o);
  return out;
}

const bigPow = (a: bigint, b: bigint): bigint => (b < 0n ? (a === 1n ? 1n : 0n) : a ** b);
const bigDiv = (a: bigint, b: bigint): bigint => {
  if (b === 0n) throw opError('integer division by zero');
  return a / b;
};

export const binaryOps: Record<string, OpSpec> = {
  Add: binary('Add', (a, b) => a + b, (a, b) => a + b),
  Sub: binary('Sub', (a, b) => a - b, (a, b) => a - b),
  Mul: binary('Mul', (a, b) => a * b, (a, b) => a * b),
  Div: binary('Div', (a, b) => a / b, bigDiv),
  Pow: binary('Pow', Math.pow, bigPow),
  Max: binary('Max', Math.max, (a, b) => (a > b ? a : b)),
  Min: binary('Min', Math.min, (a, b) => (a < b ? a : b)),
  Equal: binary('Equal', () => 0, () => 0n, 'bool', (a, b) => a === b, (a, b) => a === b),
  Less: binary('Less', () => 0, () => 0n, 'bool', (a, b) => a < b, (a, b) => a < b),
  Greater: binary('Greater', () => 0, () => 0n, 'bool', (a, b) => a > b, (a, b) => a > b),
};

export const Where: OpSpec = {
  infer(node, ins) {
    const x = need(ins[1], 'input X');
    return [{ dtype: x.dtype, shape: broadcastInfer(ins.slice(0, 3), node) }];
  },
  run(_node, ins) {
    const C = need(ins[0], 'condition'), X = need(ins[1], 'X'), Y = need(ins[2], 'Y');
    const outDims = broadcastShapes(C.dims, X.dims, Y.dims);
    if (!outDims) throw opError(`Where inputs cannot be broadcast: [${C.dims}] [${X.dims}] [${Y.dims}]`);
    const out = makeTensor(X.dtype, outDims);
    const c = dataOf(C) as unknown as ArrayLike<number>, x = dataOf(X) as unknown as ArrayLike<number>, y = dataOf(Y) as unknown as ArrayLike<number>;
    const o = out.data as unknown as { [i: number]: number };
    forEachBroadcast3(outDims, broadcastStrides(C.dims, outDims), broadcastStrides(X.dims, outDims), broadcastStrides(Y.dims, outDims),
      (oi, ci, xi, yi) => { o[oi] = c[ci] ? x[xi] : y[yi]; });
    return [out];
  },
};

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
function unary(fn: (x: number) => number, bfn?: (x: bigint) => bigint): OpSpec {
  return {
    infer(_n, ins) {
      const x = need(ins[0], 'input');
      return [{ dtype: x.dtype, shape: x.shape }];
    },
    run(_n, ins) {
      const X = need(ins[0], 'input');
      const out = makeTensor(X.dtype, X.dims);
      const x = dataOf(X), o = out.data!;
      if (isBig(X.dtype)) {
        if (!bfn) throw opError(`not defined for ${X.dtype}`);
        const xb = x as BigInt64Array, ob = o as BigInt64Array;
        for (let i = 0; i < xb.length; i++) ob[i] = bfn(xb[i]);
      } else {
        const xf = x as Float32Array, of = o as Float32Array;
        for (let i = 0; i < xf.length; i++) of[i] = fn(xf[i]);
      }
      return [out];
    },
  };
}

export const unaryOps: Record<string, OpSpec> = {
  Sqrt: unary(Math.sqrt),
  Reciprocal: unary((x) => 1 / x),
  Erf: unary(erf),
  Tanh: unary(Math.tanh),
  Sigmoid: unary((x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)))),
  Relu: unary((x) => (x > 0 ? x : 0), (x) => (x > 0n ? x : 0n)),
  Neg: unary((x) => -x, (x) => -x),
  Abs: unary(Math.abs, (x) => (x < 0n ? -x : x)),
  Exp: unary(Math.exp),
};

export const Gelu: OpSpec = {
  infer: unaryOps.Sqrt.infer,
  run(node, ins, opset) {
    const approx = attrString(node, 'approximate', 'none');
    const f = approx === 'tanh'
      ? (x: number) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)))
      : (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));
    return unary(f).run(node, ins, opset);
  },
};
