/**
 * Conv (1-D and 2-D, groups, dilations, explicit pads or auto_pad) as im2col + the blocked GEMM:
 * the ViT patch embedding (kernel = stride) becomes one [D, C·p·p] × [C·p·p, tokens] product.
 */
import type { Node } from '../ir';
import { attrInt, attrInts, attrString } from '../ir';
import type { OpSpec } from './types';
import { need, opError } from './types';
import { dataOf, makeTensor } from './tensor-util';
import { gemmNN } from './matmul';

interface Geometry { kernel: number[]; strides: number[]; dil: number[]; padBegin: number[]; out: number[] }

function geometry(node: Node, inSpatial: number[], wSpatial: number[]): Geometry {
  const r = inSpatial.length;
  const kernel = attrInts(node, 'kernel_shape') ?? wSpatial;
  const strides = attrInts(node, 'strides') ?? new Array(r).fill(1);
  const dil = attrInts(node, 'dilations') ?? new Array(r).fill(1);
  const autoPad = attrString(node, 'auto_pad', 'NOTSET');
  const pads = attrInts(node, 'pads') ?? new Array(2 * r).fill(0);
  const padBegin: number[] = [], out: number[] = [];
  for (let i = 0; i < r; i++) {
    const ek = (kernel[i] - 1) * dil[i] + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const o = Math.ceil(inSpatial[i] / strides[i]);
      const total = Math.max(0, (o - 1) * strides[i] + ek - inSpatial[i]);
      padBegin.push(autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2));
      out.push(o);
    } else {
      const pb = autoPad === 'VALID' ? 0 : pads[i], pe = autoPad === 'VALID' ? 0 : pads[i + r];
      padBegin.push(pb);
      out.push(Math.floor((inSpatial[i] + pb + pe - ek) / strides[i]) + 1);
    }
    if (out[i] <= 0) throw opError(`output size ${out[i]} on spatial axis ${i}: kernel larger than the padded input`);
  }
  return { kernel, strides, dil, padBegin, out };
}

export const Conv: OpSpec = {
  infer(node, ins) {
    const x = need(ins[0], 'X'), w = need(ins[1], 'W');
    if (!x.shape || !w.shape) return [{ dtype: x.dtype }];
    const g = geometry(node, x.shape.slice(2), w.shape.slice(2));
    return [{ dtype: x.dtype, shape: [x.shape[0], w.shape[0], ...g.out] }];
  },
  run(node, ins) {
    const X = need(ins[0], 'X'), W = need(ins[1], 'W'), B = ins[2];
    const sr = X.dims.length - 2;
    if (sr < 1 || sr > 2) throw opError(`only 1-D and 2-D convolutions are supported (input rank ${X.dims.length})`);
    const g = geometry(node, X.dims.slice(2), W.dims.slice(2));
    // Treat 1-D as 2-D with height 1.
    const [H, Wd] = sr === 2 ? [X.dims[2], X.dims[3]] : [1, X.dims[2]];
    const [KH, KW] = sr === 2 ? g.kernel : [1, g.kernel[0]];
    const [SH, SW] = sr === 2 ? g.strides : [1, g.strides[0]];
    const [DH, DW] = sr === 2 ? g.dil : [1, g.dil[0]];
    const [PH, PW] = sr === 2 ? g.padBegin : [0, g.padBegin[0]];
    const [OH, OW] = sr === 2 ? g.out : [1, g.out[0]];
    const N = X.dims[0], C = X.dims[1], OC = W.dims[0];
    const group = attrInt(node, 'group', 1);
    if (C % group || OC % group || W.dims[1] * group !== C) throw opError(`channels ${C} / weight [${W.dims}] do not match group ${group}`);
    const Cg = C / group, OCg = OC / group;
    const K = Cg * KH * KW, P = OH * OW;
    const x = dataOf(X) as Float32Array, w = dataOf(W) as Float32Array;
    const b = B ? (dataOf(B) as Float32Array) : undefined;
    const out = makeTensor(X.dtype, [N, OC, ...(sr === 2 ? [OH, OW] : [OW])]);
    const o = out.data as Float32Array;
    // Float32 like the input (exact copies), so the GEMM stays monomorphic on Float32Array.
    const col = new Float32Array(K * P);
    const acc = new Float64Array(OCg * P);
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < group; gi++) {
        // im2col: row (c, kh, kw), column (oh, ow)
        let row = 0;
        for (let c = 0; c < Cg; c++) {
          const xc = ((n * C) + gi * Cg + c) * H * Wd;
          for (let kh = 0; kh < KH; kh++) for (let kw = 0; kw < KW; kw++, row++) {
            const base = row * P;
            for (let oh = 0; oh < OH; oh++) {
              const ih = oh * SH - PH + kh * DH;
              for (let ow = 0; ow < OW; ow++) {
                const iw = ow * SW - PW + kw * DW;
                col[base + oh * OW + ow] = ih >= 0 && ih < H && iw >= 0 && iw < Wd ? x[xc + ih * Wd + iw] : 0;
              }
            }
          }
        }
        acc.fill(0);
        gemmNN(OCg, P, K, w, gi * OCg * K, col, 0, acc);
        for (let oc = 0; oc < OCg; oc++) {
          const ocAll = gi * OCg + oc;
          const bias = b ? b[ocAll] : 0;
          const dst = (n * OC + ocAll) * P;
          for (let p = 0; p < P; p++) o[dst + p] = acc[oc * P + p] + bias;
        }
      }
    }
    return [out];
  },
};
