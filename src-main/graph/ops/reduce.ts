/**
 * ReduceMean / ReduceSum / ReduceMax (axes as attribute before opset 18 — 13 for ReduceSum — and as
 * an optional input after), ArgMax, TopK.
 */
import type { Node, Tensor } from '../ir';
import { attrInt, attrInts, numel } from '../ir';
import type { OpSpec, ValueType } from './types';
import { need, opError } from './types';
import { dataOf, forEachBroadcast3, int64Tensor, isBig, makeTensor, normAxis, strides, toNumbers } from './tensor-util';

type Kind = 'mean' | 'sum' | 'max' | 'min';

/** Axes to reduce, or null when the axes input is not known yet (shape inference). 'noop' = identity. */
function reduceAxes(node: Node, inAxes: Tensor | undefined, axesInputName: string | undefined, rank: number, opset: number, inputsFrom: number): number[] | null | 'noop' {
  let axes: number[] | undefined;
  if (opset >= inputsFrom) {
    if (axesInputName) {
      if (!inAxes) return null;
      axes = toNumbers(inAxes);
    }
  } else axes = attrInts(node, 'axes');
  if (!axes || axes.length === 0) {
    if (opset >= inputsFrom && attrInt(node, 'noop_with_empty_axes', 0)) return 'noop';
    return [...Array(rank).keys()];
  }
  return axes.map((a) => {
    const n = normAxis(a, rank);
    if (n < 0 || n >= rank) throw opError(`axis ${a} out of range for rank ${rank}`);
    return n;
  });
}

function reduceOp(kind: Kind, inputsFrom: number): OpSpec {
  return {
    infer(node, ins, consts, opset) {
      const x = need(ins[0], 'data');
      if (!x.shape) return [{ dtype: x.dtype }];
      const axes = reduceAxes(node, consts[1], node.inputs[1] || undefined, x.shape.length, opset, inputsFrom);
      if (axes === null) return [{ dtype: x.dtype }];
      if (axes === 'noop') return [{ dtype: x.dtype, shape: x.shape }];
      const keep = attrInt(node, 'keepdims', 1);
      const shape: number[] = [];
      x.shape.forEach((d, i) => { if (!axes.includes(i)) shape.push(d); else if (keep) shape.push(1); });
      return [{ dtype: x.dtype, shape }];
    },
    run(node, ins, opset) {
      const X = need(ins[0], 'data');
      const r = X.dims.length;
      const axes = reduceAxes(node, ins[1], node.inputs[1] || undefined, r, opset, inputsFrom);
      if (axes === null) throw opError('axes input missing');
      if (axes === 'noop') return [{ ...X, name: '' }];
      const keep = attrInt(node, 'keepdims', 1);
      const keptDims = X.dims.map((d, i) => (axes.includes(i) ? 1 : d));
      const outDims: number[] = [];
      X.dims.forEach((d, i) => { if (!axes.includes(i)) outDims.push(d); else if (keep) outDims.push(1); });
      const nOut = numel(keptDims);
      const accArr = new Float64Array(nOut).fill(kind === 'max' ? -Infinity : kind === 'min' ? Infinity : 0);
      const os = strides(keptDims).map((s, i) => (axes.includes(i) ? 0 : s));
      const x = dataOf(X) as unknown as ArrayLike<number | bigint>;
      const big = isBig(X.dtype);
      const is = strides(X.dims);
      forEachBroadcast3(X.dims, is, os, os, (_o, xi, oi) => {
        const v = big ? Number(x[xi]) : (x[xi] as number);
        if (kind === 'max') { if (v > accArr[oi] || Number.isNaN(v)) accArr[oi] = v; }
        else if (kind === 'min') { if (v < accArr[oi] || Number.isNaN(v)) accArr[oi] = v; }
        else accArr[oi] += v;
      });
      if (kind === 'mean') {
        const cnt = numel(X.dims) / Math.max(nOut, 1);
        for (let i = 0; i < nOut; i++) accArr[i] /= cnt;
      }
      const out = makeTensor(X.dtype, outDims);
      const o = out.data as unknown as { [i: number]: number | bigint };
      for (let i = 0; i < nOut; i++) o[i] = big ? BigInt(Math.trunc(accArr[i])) : accArr[i];
      return [out];
    },
  };
}

export const reduceOps: Record<string, OpSpec> = {
  ReduceMean: reduceOp('mean', 18),
  ReduceSum: reduceOp('sum', 13),
  ReduceMax: reduceOp('max', 18),
  ReduceMin: reduceOp('min', 18),
};

export const ArgMax: OpSpec = {
  infer(node, ins) {
    const x = need(ins[0], 'data');
    if (!x.shape) return [{ dtype: 'int64' }];
    const axis = normAxis(attrInt(node, 'axis', 0), x.shape.length);
    const keep = attrInt(node, 'keepdims', 1);
    const shape = keep ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_d, i) => i !== axis);
    return [{ dtype: 'int64', shape }];
  },
  run(node, ins) {
    const X = need(ins[0], 'data');
    const r = X.dims.length;
    const axis = normAxis(attrInt(node, 'axis', 0), r);
    if (axis < 0 || axis >= r) throw opError(`axis out of range for rank ${r}`);
    const last = attrInt(node, 'select_last_index', 0);
    const keep = attrInt(node, 'keepdims', 1);
    const outer = numel(X.dims.slice(0, axis)), len = X.dims[axis], inner = numel(X.dims.slice(axis + 1));
    const x = dataOf(X) as unknown as ArrayLike<number>;
    const res: number[] = new Array(outer * inner);
    for (let b = 0; b < outer; b++) for (let i = 0; i < inner; i++) {
      let best = 0, bv = Number(x[b * len * inner + i]);
      for (let k = 1; k < len; k++) {
        const v = Number(x[b * len * inner + k * inner + i]);
        if (v > bv || (last && v === bv)) { bv = v; best = k; }
      }
      res[b * inner + i] = best;
    }
    const dims = keep ? X.dims.map((d, i) => (i === axis ? 1 : d)) : X.dims.filter((_d, i) => i !== axis);
    return [int64Tensor(res, dims)];
  },
};

function topkK(node: Node, kT: Tensor | undefined, opset: number): number | undefined {
  if (opset < 10) return attrInt(node, 'k');
  return kT ? toNumbers(kT)[0] : undefined;
}

export const TopK: OpSpec = {
  infer(node, ins, consts, opset) {
    const x = need(ins[0], 'X');
    const k = topkK(node, consts[1], opset);
    if (!x.shape || k === undefined) return [{ dtype: x.dtype }, { dtype: 'int64' }];
    const axis = normAxis(attrInt(node, 'axis', -1), x.shape.length);
    const shape = x.shape.map((d, i) => (i === axis ? k : d));
    const vt: ValueType = { dtype: x.dtype, shape };
    return [vt, { dtype: 'int64', shape }];
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'X');
    const k = topkK(node, ins[1], opset);
    if (k === undefined) throw opError('K is missing');
    const r = X.dims.length;
    const axis = normAxis(attrInt(node, 'axis', -1), r);
    if (axis < 0 || axis >= r) throw opError(`axis out of range for rank ${r}`);
    const len = X.dims[axis];
    if (k < 0 || k > len) throw opError(`K=${k} exceeds the axis length ${len}`);
    const largest = attrInt(node, 'largest', 1);
    const outer = numel(X.dims.slice(0, axis)), inner = numel(X.dims.slice(axis + 1));
    const dims = X.dims.map((d, i) => (i === axis ? k : d));
    const vals = makeTensor(X.dtype, dims);
    const idxs: number[] = new Array(numel(dims));
    const x = dataOf(X) as unknown as ArrayLike<number>, v = vals.data as unknown as { [i: number]: number };
    const order = new Array<number>(len);
    for (let b = 0; b < outer; b++) for (let i = 0; i < inner; i++) {
      const base = b * len * inner + i;
      for (let q = 0; q < len; q++) order[q] = q;
      // Ties keep the lower index first (ONNX spec), so compare indices last.
      order.sort((p, q) => {
        const xp = x[base + p * inner], xq = x[base + q * inner];
        if (xp !== xq) return largest ? (xq > xp ? 1 : -1) : (xp > xq ? 1 : -1);
        return p - q;
      });
      for (let q = 0; q < k; q++) {
        const oi = b * k * inner + q * inner + i;
        v[oi] = x[base + order[q] * inner];
        idxs[oi] = order[q];
      }
    }
    return [vals, int64Tensor(idxs, dims)];
  },
};
