/**
 * Small helpers the op kernels share: typed-array constructors per dtype, strides, broadcasting,
 * reading small integer tensors (shapes, axes) as numbers.
 */
import type { DType, Tensor, TypedArray } from '../ir';
import { numel } from '../ir';
import { WorkbenchError } from '../../core/errors';

export type ArrayCtor = new (n: number) => TypedArray;

export function arrayCtor(d: DType): ArrayCtor {
  switch (d) {
    case 'float32': return Float32Array;
    case 'float64': return Float64Array;
    case 'int8': return Int8Array;
    case 'uint8': case 'bool': return Uint8Array;
    case 'int16': return Int16Array;
    case 'uint16': case 'float16': case 'bfloat16': return Uint16Array; // 16-bit floats kept as raw bits
    case 'int32': return Int32Array;
    case 'uint32': return Uint32Array;
    case 'int64': return BigInt64Array;
    case 'uint64': return BigUint64Array;
    case 'string': throw new WorkbenchError('E_UNSUPPORTED', 'string tensors are not supported');
  }
}

export const isBig = (d: DType): boolean => d === 'int64' || d === 'uint64';
export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

export function makeTensor(dtype: DType, dims: number[], data?: TypedArray, name = ''): Tensor {
  const n = numel(dims);
  const d = data ?? new (arrayCtor(dtype))(n);
  if (d.length !== n) throw new Error(`internal: tensor data length ${d.length} ≠ ${n} for dims [${dims.join(',')}]`);
  return { name, dtype, dims: dims.slice(), data: d };
}

/** Data of a tensor that must have it (weights absent → clear error). */
export function dataOf(t: Tensor): TypedArray {
  if (!t.data) {
    const where = t.external ? ` (external data file '${t.external.location}' is missing)` : '';
    throw new WorkbenchError('E_FILE', `tensor '${t.name}' has no data: weights are absent${where}; this step needs the weights`);
  }
  return t.data;
}

/** Elements as JS numbers (int64 via Number: exact to 2^53, beyond that only magnitude matters here). */
export function toNumbers(t: Tensor): number[] {
  const d = dataOf(t);
  const out = new Array<number>(d.length);
  for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
  return out;
}

/** Elements as Float64Array (for arithmetic on any numeric dtype). */
export function toF64(t: Tensor): Float64Array {
  const d = dataOf(t);
  if (d instanceof Float64Array) return d;
  const out = new Float64Array(d.length);
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) for (let i = 0; i < d.length; i++) out[i] = Number(d[i]);
  else out.set(d as ArrayLike<number>);
  return out;
}

export function fromNumbers(dtype: DType, dims: number[], vals: ArrayLike<number>): Tensor {
  const t = makeTensor(dtype, dims);
  const d = t.data!;
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) for (let i = 0; i < vals.length; i++) d[i] = BigInt(Math.trunc(vals[i]));
  else (d as Float32Array).set(vals as ArrayLike<number>);
  return t;
}

export const int64Tensor = (vals: number[], dims: number[] = [vals.length]): Tensor => fromNumbers('int64', dims, vals);

export function strides(dims: readonly number[]): number[] {
  const s = new Array<number>(dims.length);
  let acc = 1;
  for (let i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
  return s;
}

export const normAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** Numpy-style multidirectional broadcast of shapes; null if incompatible. */
export function broadcastShapes(...shapes: number[][]): number[] | null {
  const r = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(r).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = r - s.length + i;
      const d = s[i];
      if (d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else if (out[o] !== d) return null;
    }
  }
  return out;
}

/** Strides of `dims` seen through a broadcast to `outDims` (0 where broadcast). */
export function broadcastStrides(dims: number[], outDims: number[]): number[] {
  const r = outDims.length;
  const s = strides(dims);
  const out = new Array<number>(r).fill(0);
  for (let i = 0; i < dims.length; i++) {
    const o = r - dims.length + i;
    out[o] = dims[i] === 1 ? 0 : s[i];
  }
  return out;
}

/**
 * For each output element (row-major over outDims), the offsets into each input: calls `body(o, a, b, c)`.
 * Innermost dimension in a tight loop; an odometer over the rest.
 */
export function forEachBroadcast3(
  outDims: number[], sa: number[], sb: number[], sc: number[],
  body: (o: number, a: number, b: number, c: number) => void,
): void {
  const r = outDims.length;
  const total = numel(outDims);
  if (total === 0) return;
  if (r === 0) { body(0, 0, 0, 0); return; }
  const inner = outDims[r - 1];
  const ia = sa[r - 1], ib = sb[r - 1], ic = sc[r - 1];
  const idx = new Array<number>(r).fill(0);
  let a = 0, b = 0, c = 0;
  for (let o = 0; o < total; o += inner) {
    let pa = a, pb = b, pc = c;
    for (let j = 0; j < inner; j++) { body(o + j, pa, pb, pc); pa += ia; pb += ib; pc += ic; }
    // advance odometer over dims r-2..0
    for (let d = r - 2; d >= 0; d--) {
      idx[d]++;
      a += sa[d]; b += sb[d]; c += sc[d];
      if (idx[d] < outDims[d]) break;
      a -= sa[d] * outDims[d]; b -= sb[d] * outDims[d]; c -= sc[d] * outDims[d];
      idx[d] = 0;
    }
  }
}

/** Copy `src` (dims) broadcast to outDims into a new array of the same kind. */
export function broadcastTo(t: Tensor, outDims: number[]): Tensor {
  const src = dataOf(t);
  const out = makeTensor(t.dtype, outDims);
  const dst = out.data as unknown as { [i: number]: number | bigint };
  const s = src as unknown as { [i: number]: number | bigint };
  const sa = broadcastStrides(t.dims, outDims);
  const zero = new Array<number>(outDims.length).fill(0);
  forEachBroadcast3(outDims, sa, zero, zero, (o, a) => { dst[o] = s[a]; });
  return out;
}

export function sameDims(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
