/** Softmax (opset < 13: 2-D coercion at `axis`; ≥ 13: one axis) and LayerNormalization. */
import { attrFloat, attrInt, numel } from '../ir';
import type { OpSpec } from './types';
import { need, opError } from './types';
import { broadcastTo, dataOf, makeTensor, normAxis } from './tensor-util';

type F = Float32Array | Float64Array;

export const Softmax: OpSpec = {
  infer(_n, ins) {
    const x = need(ins[0], 'input');
    return [{ dtype: x.dtype, shape: x.shape }];
  },
  run(node, ins, opset) {
    const X = need(ins[0], 'input');
    const r = X.dims.length;
    const axis = normAxis(attrInt(node, 'axis', opset < 13 ? 1 : -1), r);
    if (axis < 0 || axis >= Math.max(r, 1)) throw opError(`axis ${attrInt(node, 'axis')} out of range for rank ${r}`);
    let outer: number, len: number, inner: number;
    if (opset < 13) { outer = numel(X.dims.slice(0, axis)); len = numel(X.dims.slice(axis)); inner = 1; }
    else { outer = numel(X.dims.slice(0, axis)); len = X.dims[axis] ?? 1; inner = numel(X.dims.slice(axis + 1)); }
    const x = dataOf(X) as F;
    const out = makeTensor(X.dtype, X.dims);
    const o = out.data as F;
    const ex = new Float64Array(len); // exponentials kept in double until normalised
    for (let b = 0; b < outer; b++) {
      for (let i = 0; i < inner; i++) {
        const base = b * len * inner + i;
        let mx = -Infinity;
        for (let k = 0; k < len; k++) mx = Math.max(mx, x[base + k * inner]);
        let s = 0;
        for (let k = 0; k < len; k++) { const e = Math.exp(x[base + k * inner] - mx); ex[k] = e; s += e; }
        for (let k = 0; k < len; k++) o[base + k * inner] = ex[k] / s;
      }
    }
    return [out];
  },
};

export const LayerNormalization: OpSpec = {
  infer(node, ins) {
    const x = need(ins[0], 'X');
    if (!x.shape) return [{ dtype: x.dtype }, { dtype: 'float32' }, { dtype: 'float32' }];
    const r = x.shape.length;
    const axis = normAxis(attrInt(node, 'axis', -1), r);
    const stat = x.shape.map((d, i) => (i < axis ? d : 1));
    return [{ dtype: x.dtype, shape: x.shape }, { dtype: 'float32', shape: stat }, { dtype: 'float32', shape: stat }];
  },
  run(node, ins) {
    const X = need(ins[0], 'X'), S = need(ins[1], 'Scale'), B = ins[2];
    const r = X.dims.length;
    const axis = normAxis(attrInt(node, 'axis', -1), r);
    if (axis < 0 || axis >= r) throw opError(`axis ${attrInt(node, 'axis', -1)} out of range for rank ${r}`);
    const eps = attrFloat(node, 'epsilon', 1e-5);
    const normDims = X.dims.slice(axis);
    const outer = numel(X.dims.slice(0, axis)), size = numel(normDims);
    const s = dataOf(broadcastTo(S, normDims)) as F;
    const b = B ? (dataOf(broadcastTo(B, normDims)) as F) : undefined;
    const x = dataOf(X) as F;
    const out = makeTensor(X.dtype, X.dims);
    const stat = X.dims.map((d, i) => (i < axis ? d : 1));
    const mean = makeTensor('float32', stat), inv = makeTensor('float32', stat);
    const o = out.data as F, md = mean.data as Float32Array, id = inv.data as Float32Array;
    for (let i = 0; i < outer; i++) {
      const base = i * size;
      let m = 0;
      for (let k = 0; k < size; k++) m += x[base + k];
      m /= size;
      let v = 0;
      for (let k = 0; k < size; k++) { const d = x[base + k] - m; v += d * d; }
      v /= size;
      const is = 1 / Math.sqrt(v + eps);
      md[i] = m; id[i] = is;
      for (let k = 0; k < size; k++) o[base + k] = (x[base + k] - m) * is * s[k] + (b ? b[k] : 0);
    }
    return [out, mean, inv];
  },
};
