/**
 * Data-movement and shape ops: Reshape Flatten Squeeze Unsqueeze Transpose Concat Split Slice Gather
 * Shape Size Expand ConstantOfShape Constant Identity Dropout Cast. Opset differences handled here:
 * Squeeze/Unsqueeze axes (attribute < 13, input ≥ 13), Split sizes (attribute < 13, input ≥ 13,
 * num_outputs ≥ 18), Slice (attributes < 10, inputs ≥ 10), Shape start/end (≥ 15), Reshape allowzero (≥ 14).
 */
import type { DType, Node, Tensor, TypedArray } from '../ir';
import { attrInt, attrInts, numel } from '../ir';
import type { OpSpec, ValueType } from './types';
import { need, opError } from './types';
import {
  broadcastShapes, broadcastTo, dataOf, forEachBroadcast3, int64Tensor, isBig, makeTensor, normAxis,
  strides, toNumbers,
} from './tensor-util';
import { dtypeFromCode } from '../tensor-proto';
import { WorkbenchError } from '../../core/errors';

const fmt = (d: readonly number[]) => `[${d.join(', ')}]`;
/** Same data, new dims (tensors are immutable once produced, so sharing data is safe). */
const reshaped = (t: Tensor, dims: number[]): Tensor => ({ name: '', dtype: t.dtype, dims, data: dataOf(t) });
const passInfer = (_n: Node, ins: Array<ValueType | undefined>) => [ins[0]];

// ---- Reshape --------------------------------------------------------------------------------
function reshapeDims(inDims: number[], spec: number[], allowzero: boolean): number[] {
  const out = spec.map((d, i) => (d === 0 && !allowzero ? inDims[i] : d));
  if (out.some((d) => d === undefined)) throw opError(`shape ${fmt(spec)} copies a dimension the input ${fmt(inDims)} does not have`);
  const neg = out.filter((d) => d === -1).length;
  if (neg > 1) throw opError(`shape ${fmt(spec)} has more than one -1`);
  const total = numel(inDims);
  if (neg === 1) {
    const known = numel(out.filter((d) => d !== -1));
    if (known === 0 || total % known !== 0) throw opError(`cannot reshape ${fmt(inDims)} to ${fmt(spec)}`);
    out[out.indexOf(-1)] = total / known;
  }
  if (numel(out) !== total) throw opError(`cannot reshape ${fmt(inDims)} (${total} elements) to ${fmt(spec)}`);
  return out;
}

const reshapeSpec = (node: Node, t: Tensor | undefined, opset: number): number[] | undefined =>
  opset < 5 ? attrInts(node, 'shape') : t ? toNumbers(t) : undefined;

export const Reshape: OpSpec = {
  infer(node, ins, consts, opset) {
    const x = need(ins[0], 'data');
    const spec = reshapeSpec(node, consts[1], opset);
    if (!spec) return [{ dtype: x.dtype }];
    const allowzero = attrInt(node, 'allowzero', 0) === 1;
    if (!x.shape) {
      // Without the input shape the result is still known when spec has no 0/-1.
      return [{ dtype: x.dtype, shape: spec.every((d) => d > 0) ? spec : undefined }];
    }
    return [{ dtype: x.dtype, shape: reshapeDims(x.shape, spec, allowzero) }];
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'data');
    const spec = reshapeSpec(node, ins[1], opset);
    if (!spec) throw opError('shape input missing');
    return [reshaped(X, reshapeDims(X.dims, spec, attrInt(node, 'allowzero', 0) === 1))];
  },
};

function flattenDims(dims: number[], node: Node): number[] {
  const axis = normAxis(attrInt(node, 'axis', 1), dims.length);
  if (axis < 0 || axis > dims.length) throw opError(`axis out of range for rank ${dims.length}`);
  return [numel(dims.slice(0, axis)), numel(dims.slice(axis))];
}
export const Flatten: OpSpec = {
  infer: (node, ins) => { const x = need(ins[0], 'input'); return [{ dtype: x.dtype, shape: x.shape && flattenDims(x.shape, node) }]; },
  run: (node, ins) => { const X = need(ins[0], 'input'); return [reshaped(X, flattenDims(X.dims, node))]; },
};

// ---- Squeeze / Unsqueeze --------------------------------------------------------------------
function axesOf(node: Node, t: Tensor | undefined, opset: number, inputFrom: number): number[] | undefined | null {
  if (opset < inputFrom) return attrInts(node, 'axes');
  if (!node.inputs[1]) return undefined; // optional input omitted
  return t ? toNumbers(t) : null; // null: present but not known yet
}
function squeezeDims(dims: number[], axes: number[] | undefined): number[] {
  if (!axes || axes.length === 0) return dims.filter((d) => d !== 1);
  const ax = axes.map((a) => normAxis(a, dims.length));
  for (const a of ax) {
    if (a < 0 || a >= dims.length) throw opError(`axis out of range for rank ${dims.length}`);
    if (dims[a] !== 1) throw opError(`cannot squeeze axis ${a} of ${fmt(dims)}: it is not 1`);
  }
  return dims.filter((_d, i) => !ax.includes(i));
}
function unsqueezeDims(dims: number[], axes: number[]): number[] {
  const r = dims.length + axes.length;
  const ax = axes.map((a) => normAxis(a, r));
  if (ax.some((a) => a < 0 || a >= r) || new Set(ax).size !== ax.length) throw opError(`bad axes ${fmt(axes)} for output rank ${r}`);
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < r; i++) out.push(ax.includes(i) ? 1 : dims[j++]);
  return out;
}
export const Squeeze: OpSpec = {
  infer(node, ins, consts, opset) {
    const x = need(ins[0], 'data');
    const axes = axesOf(node, consts[1], opset, 13);
    return [{ dtype: x.dtype, shape: x.shape && axes !== null ? squeezeDims(x.shape, axes) : undefined }];
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'data');
    const axes = axesOf(node, ins[1], opset, 13);
    if (axes === null) throw opError('axes input missing');
    return [reshaped(X, squeezeDims(X.dims, axes))];
  },
};
export const Unsqueeze: OpSpec = {
  infer(node, ins, consts, opset) {
    const x = need(ins[0], 'data');
    const axes = axesOf(node, consts[1], opset, 13);
    return [{ dtype: x.dtype, shape: x.shape && axes ? unsqueezeDims(x.shape, axes) : undefined }];
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'data');
    const axes = axesOf(node, ins[1], opset, 13);
    if (!axes) throw opError('axes missing');
    return [reshaped(X, unsqueezeDims(X.dims, axes))];
  },
};

// ---- Transpose ------------------------------------------------------------------------------
function permOf(node: Node, rank: number): number[] {
  const p = attrInts(node, 'perm') ?? [...Array(rank).keys()].reverse();
  if (p.length !== rank || new Set(p).size !== rank || p.some((v) => v < 0 || v >= rank)) throw opError(`perm ${fmt(p)} is not a permutation of rank ${rank}`);
  return p;
}
export const Transpose: OpSpec = {
  infer(node, ins) {
    const x = need(ins[0], 'data');
    return [{ dtype: x.dtype, shape: x.shape && permOf(node, x.shape.length).map((p) => x.shape![p]) }];
  },
  run(node, ins) {
    const X = need(ins[0], 'data');
    const perm = permOf(node, X.dims.length);
    const outDims = perm.map((p) => X.dims[p]);
    const out = makeTensor(X.dtype, outDims);
    const is = strides(X.dims);
    const sa = perm.map((p) => is[p]);
    const x = dataOf(X) as unknown as ArrayLike<number>, o = out.data as unknown as { [i: number]: number };
    forEachBroadcast3(outDims, sa, sa, sa, (oi, xi) => { o[oi] = x[xi]; });
    return [out];
  },
};

// ---- Concat / Split -------------------------------------------------------------------------
export const Concat: OpSpec = {
  infer(node, ins) {
    const present = ins.filter((t): t is ValueType => !!t);
    if (present.length === 0) throw opError('no inputs');
    const dtype = present[0].dtype;
    if (present.some((t) => !t.shape)) return [{ dtype }];
    const shapes = present.map((t) => t.shape!);
    const r = shapes[0].length;
    const axis = normAxis(need(attrInt(node, 'axis'), 'attribute axis'), r);
    const out = shapes[0].slice();
    out[axis] = 0;
    for (const s of shapes) {
      if (s.length !== r || s.some((d, i) => i !== axis && d !== shapes[0][i])) throw opError(`inputs ${shapes.map(fmt).join(', ')} disagree outside axis ${axis}`);
      out[axis] += s[axis];
    }
    return [{ dtype, shape: out }];
  },
  run(node, ins) {
    const xs = ins.filter((t): t is Tensor => !!t);
    const r = xs[0].dims.length;
    const axis = normAxis(need(attrInt(node, 'axis'), 'attribute axis'), r);
    const [ot] = Concat.infer(node, xs.map((t) => ({ dtype: t.dtype, shape: t.dims })), [], 13);
    const outDims = ot!.shape!;
    const out = makeTensor(xs[0].dtype, outDims);
    const outer = numel(outDims.slice(0, axis)), inner = numel(outDims.slice(axis + 1));
    const o = out.data as unknown as { set(a: ArrayLike<unknown>, off: number): void };
    const rowOut = outDims[axis] * inner;
    let off = 0;
    for (const t of xs) {
      const chunk = t.dims[axis] * inner;
      const d = dataOf(t) as unknown as { subarray(a: number, b: number): ArrayLike<unknown> };
      if (t.dtype !== xs[0].dtype) throw opError(`inputs mix ${xs[0].dtype} and ${t.dtype}`);
      for (let b = 0; b < outer; b++) o.set(d.subarray(b * chunk, (b + 1) * chunk), b * rowOut + off);
      off += chunk;
    }
    return [out];
  },
};

function splitSizes(node: Node, len: number, splitT: Tensor | undefined, opset: number): number[] | undefined {
  const n = node.outputs.length;
  let sizes: number[] | undefined;
  if (opset < 13) sizes = attrInts(node, 'split');
  else if (node.inputs[1]) { if (!splitT) return undefined; sizes = toNumbers(splitT); }
  if (sizes && sizes.length) {
    if (sizes.length !== n) throw opError(`split has ${sizes.length} sizes for ${n} outputs`);
    if (sizes.reduce((a, b) => a + b, 0) !== len) throw opError(`split sizes ${fmt(sizes)} do not add up to ${len}`);
    return sizes;
  }
  const parts = opset >= 18 ? attrInt(node, 'num_outputs', n) : n;
  const chunk = Math.ceil(len / parts);
  const out: number[] = [];
  for (let i = 0; i < parts; i++) out.push(Math.max(0, Math.min(chunk, len - i * chunk)));
  return out;
}
export const Split: OpSpec = {
  infer(node, ins, consts, opset) {
    const x = need(ins[0], 'input');
    if (!x.shape) return node.outputs.map(() => ({ dtype: x.dtype }));
    const axis = normAxis(attrInt(node, 'axis', 0), x.shape.length);
    const sizes = splitSizes(node, x.shape[axis], consts[1], opset);
    return node.outputs.map((_o, i) => ({ dtype: x.dtype, shape: sizes ? x.shape!.map((d, j) => (j === axis ? sizes[i] : d)) : undefined }));
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'input');
    const axis = normAxis(attrInt(node, 'axis', 0), X.dims.length);
    const sizes = need(splitSizes(node, X.dims[axis], ins[1], opset), 'split input');
    const outer = numel(X.dims.slice(0, axis)), inner = numel(X.dims.slice(axis + 1));
    const d = dataOf(X) as unknown as { subarray(a: number, b: number): ArrayLike<unknown> };
    const rowIn = X.dims[axis] * inner;
    let off = 0;
    return sizes.map((s) => {
      const out = makeTensor(X.dtype, X.dims.map((v, j) => (j === axis ? s : v)));
      const o = out.data as unknown as { set(a: ArrayLike<unknown>, off: number): void };
      for (let b = 0; b < outer; b++) o.set(d.subarray(b * rowIn + off, b * rowIn + off + s * inner), b * s * inner);
      off += s * inner;
      return out;
    });
  },
};

// ---- Slice ----------------------------------------------------------------------------------
interface SliceSpec { starts: number[]; ends: number[]; axes?: number[]; steps?: number[] }
function sliceSpec(node: Node, ins: Array<Tensor | undefined>, opset: number): SliceSpec | undefined {
  if (opset < 10) {
    return { starts: need(attrInts(node, 'starts'), 'starts'), ends: need(attrInts(node, 'ends'), 'ends'), axes: attrInts(node, 'axes') };
  }
  const get = (i: number): number[] | undefined | null => (node.inputs[i] ? (ins[i] ? toNumbers(ins[i]!) : null) : undefined);
  const starts = get(1), ends = get(2), axes = get(3), steps = get(4);
  if (!starts || !ends || axes === null || steps === null) return undefined;
  return { starts, ends, axes, steps };
}
/** Per output axis: start, step and length. */
function sliceRanges(dims: number[], spec: SliceSpec): Array<{ start: number; step: number; len: number }> {
  const r = dims.length;
  const ranges = dims.map((d) => ({ start: 0, step: 1, len: d }));
  const axes = spec.axes ?? spec.starts.map((_s, i) => i);
  if (spec.ends.length !== spec.starts.length || axes.length !== spec.starts.length) throw opError('starts, ends and axes differ in length');
  axes.forEach((a0, i) => {
    const a = normAxis(a0, r);
    if (a < 0 || a >= r) throw opError(`axis ${a0} out of range for rank ${r}`);
    const d = dims[a];
    const step = spec.steps?.[i] ?? 1;
    if (step === 0) throw opError('step 0');
    let s = spec.starts[i], e = spec.ends[i];
    if (s < 0) s += d;
    if (e < 0) e += d;
    if (step > 0) { s = Math.min(Math.max(s, 0), d); e = Math.min(Math.max(e, 0), d); }
    else { s = Math.min(Math.max(s, 0), d - 1); e = Math.min(Math.max(e, -1), d - 1); }
    const len = step > 0 ? Math.max(0, Math.ceil((e - s) / step)) : Math.max(0, Math.ceil((s - e) / -step));
    ranges[a] = { start: s, step, len };
  });
  return ranges;
}
export const Slice: OpSpec = {
  infer(node, ins, consts, opset) {
    const x = need(ins[0], 'data');
    const spec = sliceSpec(node, consts, opset);
    return [{ dtype: x.dtype, shape: x.shape && spec ? sliceRanges(x.shape, spec).map((r) => r.len) : undefined }];
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'data');
    const spec = need(sliceSpec(node, ins, opset), 'starts/ends inputs');
    const ranges = sliceRanges(X.dims, spec);
    const outDims = ranges.map((r) => r.len);
    const out = makeTensor(X.dtype, outDims);
    const is = strides(X.dims);
    const base = ranges.reduce((acc, r, i) => acc + r.start * is[i], 0);
    const sa = ranges.map((r, i) => r.step * is[i]);
    const x = dataOf(X) as unknown as ArrayLike<number>, o = out.data as unknown as { [i: number]: number };
    forEachBroadcast3(outDims, sa, sa, sa, (oi, xi) => { o[oi] = x[base + xi]; });
    return [out];
  },
};

// ---- Gather ---------------------------------------------------------------------------------
export const Gather: OpSpec = {
  infer(node, ins) {
    const x = need(ins[0], 'data'), idx = need(ins[1], 'indices');
    if (!x.shape || !idx.shape) return [{ dtype: x.dtype }];
    const axis = normAxis(attrInt(node, 'axis', 0), x.shape.length);
    return [{ dtype: x.dtype, shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)] }];
  },
  run(node, ins) {
    const X = need(ins[0], 'data'), I = need(ins[1], 'indices');
    const r = X.dims.length;
    const axis = normAxis(attrInt(node, 'axis', 0), r);
    if (axis < 0 || axis >= r) throw opError(`axis out of range for rank ${r}`);
    const idx = toNumbers(I);
    const len = X.dims[axis];
    const outer = numel(X.dims.slice(0, axis)), inner = numel(X.dims.slice(axis + 1));
    const outDims = [...X.dims.slice(0, axis), ...I.dims, ...X.dims.slice(axis + 1)];
    const out = makeTensor(X.dtype, outDims);
    const d = dataOf(X) as unknown as { subarray(a: number, b: number): ArrayLike<unknown> };
    const o = out.data as unknown as { set(a: ArrayLike<unknown>, off: number): void };
    for (let b = 0; b < outer; b++) {
      for (let q = 0; q < idx.length; q++) {
        let k = idx[q];
        if (k < 0) k += len;
        if (k < 0 || k >= len) throw opError(`index ${idx[q]} out of range for axis of length ${len}`);
        const src = b * len * inner + k * inner;
        o.set(d.subarray(src, src + inner), (b * idx.length + q) * inner);
      }
    }
    return [out];
  },
};

// ---- Shape / Size / Expand / ConstantOfShape / Constant / Identity / Cast ---------------------------
function shapeRange(node: Node, rank: number): [number, number] {
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  return [clamp(attrInt(node, 'start', 0)), clamp(attrInt(node, 'end', rank))];
}
export const Shape: OpSpec = {
  infer(node, ins) {
    const x = need(ins[0], 'data');
    if (!x.shape) return [{ dtype: 'int64' }];
    const [s, e] = shapeRange(node, x.shape.length);
    return [{ dtype: 'int64', shape: [Math.max(0, e - s)] }];
  },
  run(node, ins) {
    const X = need(ins[0], 'data');
    const [s, e] = shapeRange(node, X.dims.length);
    return [int64Tensor(X.dims.slice(s, Math.max(s, e)))];
  },
};
export const Size: OpSpec = {
  infer: () => [{ dtype: 'int64', shape: [] }],
  run: (_n, ins) => [int64Tensor([numel(need(ins[0], 'data').dims)], [])],
};

export const Expand: OpSpec = {
  infer(_n, ins, consts) {
    const x = need(ins[0], 'input');
    if (!x.shape || !consts[1]) return [{ dtype: x.dtype }];
    const out = broadcastShapes(x.shape, toNumbers(consts[1]));
    if (!out) throw opError(`cannot expand ${fmt(x.shape)} to ${fmt(toNumbers(consts[1]))}`);
    return [{ dtype: x.dtype, shape: out }];
  },
  run(_n, ins) {
    const X = need(ins[0], 'input');
    const target = toNumbers(need(ins[1], 'shape'));
    const out = broadcastShapes(X.dims, target);
    if (!out) throw opError(`cannot expand ${fmt(X.dims)} to ${fmt(target)}`);
    return [broadcastTo(X, out)];
  },
};

function cosValue(node: Node): Tensor {
  const a = node.attrs.value;
  if (a && a.kind === 'tensor') return a.value;
  return makeTensor('float32', [1]);
}
export const ConstantOfShape: OpSpec = {
  infer(node, _ins, consts) {
    const v = cosValue(node);
    return [{ dtype: v.dtype, shape: consts[0] ? toNumbers(consts[0]) : undefined }];
  },
  run(node, ins) {
    const v = cosValue(node);
    const dims = ins[0] ? toNumbers(ins[0]) : [];
    const out = makeTensor(v.dtype, dims);
    (out.data as unknown as { fill(x: unknown): void }).fill((dataOf(v) as unknown as ArrayLike<unknown>)[0]);
    return [out];
  },
};

export function constantValue(node: Node): Tensor {
  const a = Object.entries(node.attrs).find(([k]) => k.startsWith('value') || k === 'sparse_value');
  if (!a) throw opError('Constant has no value attribute');
  const [key, v] = a;
  switch (key) {
    case 'value': if (v.kind === 'tensor') return v.value; break;
    case 'value_float': if (v.kind === 'float') return makeTensor('float32', [], Float32Array.of(v.value)); break;
    case 'value_floats': if (v.kind === 'floats') return makeTensor('float32', [v.value.length], Float32Array.from(v.value)); break;
    case 'value_int': if (v.kind === 'int') return int64Tensor([v.value], []); break;
    case 'value_ints': if (v.kind === 'ints') return int64Tensor(v.value); break;
  }
  throw new WorkbenchError('E_UNSUPPORTED', `Constant attribute '${key}' is not supported`);
}
export const Constant: OpSpec = {
  infer: (node) => { const t = constantValue(node); return [{ dtype: t.dtype, shape: t.dims }]; },
  run: (node) => [{ ...constantValue(node), name: '' }],
};

export const Identity: OpSpec = {
  infer: passInfer,
  run: (_n, ins) => [reshaped(need(ins[0], 'input'), need(ins[0], 'input').dims)],
};
/** Dropout in inference is the identity (the mask output, when asked for, is all true). */
export const Dropout: OpSpec = {
  infer: (_n, ins) => [ins[0], ins[0]?.shape ? { dtype: 'bool', shape: ins[0].shape } : { dtype: 'bool' }],
  run: (_n, ins) => {
    const x = need(ins[0], 'data');
    const mask = makeTensor('bool', x.dims);
    (mask.data as Uint8Array).fill(1);
    return [reshaped(x, x.dims), mask];
  },
};

function castTo(node: Node): DType {
  const to = need(attrInt(node, 'to'), "attribute 'to'");
  const d = dtypeFromCode(to);
  if (d === 'float16' || d === 'bfloat16' || d === 'string') throw opError(`Cast to ${d} is not supported by the reference executor`);
  return d;
}
export const Cast: OpSpec = {
  infer: (node, ins) => [{ dtype: castTo(node), shape: need(ins[0], 'input').shape }],
  run(node, ins) {
    const X = need(ins[0], 'input');
    const to = castTo(node);
    if (X.dtype === 'float16' || X.dtype === 'bfloat16') throw opError(`Cast from ${X.dtype} is not supported by the reference executor`);
    const src = dataOf(X);
    const out = makeTensor(to, X.dims);
    const o = out.data as TypedArray;
    const n = src.length;
    if (to === X.dtype) (o as unknown as { set(a: ArrayLike<unknown>): void }).set(src as unknown as ArrayLike<unknown>);
    else if (to === 'bool') for (let i = 0; i < n; i++) (o as Uint8Array)[i] = Number(src[i]) !== 0 ? 1 : 0;
    else if (isBig(to)) {
      const ob = o as BigInt64Array;
      for (let i = 0; i < n; i++) { const v = src[i]; ob[i] = typeof v === 'bigint' ? v : BigInt(Number.isFinite(v) ? Math.trunc(v) : 0); }
    } else if (to === 'float32' || to === 'float64') for (let i = 0; i < n; i++) (o as Float32Array)[i] = Number(src[i]);
    else for (let i = 0; i < n; i++) (o as Int32Array)[i] = Math.trunc(Number(src[i])); // typed array wraps like C
    return [out];
  },
};

