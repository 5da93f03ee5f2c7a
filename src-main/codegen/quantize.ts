/**
 * Quantisation to ap_fixed, bit-exact with what `ap_fixed<W, I, Q, O> x = (double)v;` stores, so the
 * weights the code generator writes are the weights the C++ would have computed from the floats.
 * Generated storage types use AP_RND_CONV (round half to even) and AP_SAT; AP_TRN / AP_RND and
 * AP_WRAP are supported for completeness (and tested against the C++ headers).
 */
import type { FixedType } from '../plan/plan';

export type Rounding = 'trn' | 'rnd' | 'rnd_conv';
export type Overflow = 'wrap' | 'sat';

export interface QuantMode { rounding: Rounding; overflow: Overflow }

/** Storage mode of generated weight types. */
export const WEIGHT_MODE: QuantMode = { rounding: 'rnd_conv', overflow: 'sat' };
/** Mode of generated activation types (kernel outputs round to nearest and saturate). */
export const ACT_MODE: QuantMode = { rounding: 'rnd', overflow: 'sat' };

export const fracBits = (t: FixedType): number => t.w - t.i;

/** Integer range of the raw representation. */
export function rawRange(t: FixedType): { min: number; max: number } {
  return t.signed ? { min: -(2 ** (t.w - 1)), max: 2 ** (t.w - 1) - 1 } : { min: 0, max: 2 ** t.w - 1 };
}

/** The raw integer (value × 2^F) that the ap_fixed holds after assignment from v. */
export function quantizeRaw(v: number, t: FixedType, mode: QuantMode = WEIGHT_MODE): number {
  if (Number.isNaN(v)) v = 0;
  const scaled = v * 2 ** fracBits(t);
  let r: number;
  if (!Number.isFinite(scaled)) r = scaled > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
  else if (mode.rounding === 'trn') r = Math.floor(scaled);
  else if (mode.rounding === 'rnd') r = Math.floor(scaled + 0.5);
  else {
    const f = Math.floor(scaled);
    const d = scaled - f;
    r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  }
  const { min, max } = rawRange(t);
  if (mode.overflow === 'sat') return Math.min(max, Math.max(min, r));
  const span = 2 ** t.w;
  let m = ((r % span) + span) % span;
  if (t.signed && m > max) m -= span;
  return m;
}

export const quantize = (v: number, t: FixedType, mode?: QuantMode): number => quantizeRaw(v, t, mode) * 2 ** -fracBits(t);

/** Bytes per stored element: the smallest of 1, 2, 4 that holds W bits. */
export function containerBytes(t: FixedType): 1 | 2 | 4 {
  if (t.w <= 8) return 1;
  if (t.w <= 16) return 2;
  if (t.w <= 32) return 4;
  throw new RangeError(`weights wider than 32 bits are not supported (${t.w})`);
}

/** Little-endian raw integers of `values` quantised to t. */
export function packRaw(values: ArrayLike<number>, t: FixedType, mode: QuantMode = WEIGHT_MODE): Uint8Array {
  const bytes = containerBytes(t);
  const buf = new Uint8Array(values.length * bytes);
  const dv = new DataView(buf.buffer);
  for (let i = 0; i < values.length; i++) {
    const r = quantizeRaw(values[i], t, mode);
    if (bytes === 1) t.signed ? dv.setInt8(i, r) : dv.setUint8(i, r);
    else if (bytes === 2) t.signed ? dv.setInt16(2 * i, r, true) : dv.setUint16(2 * i, r, true);
    else t.signed ? dv.setInt32(4 * i, r, true) : dv.setUint32(4 * i, r, true);
  }
  return buf;
}
