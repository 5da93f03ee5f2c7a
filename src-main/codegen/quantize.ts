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
  return quantizer(t, mode)(v);
}

/** A quantiser for one type and mode, with its constants computed once (packing millions of weights). */
export function quantizer(t: FixedType, mode: QuantMode = WEIGHT_MODE): (v: number) => number {
  const scale = 2 ** fracBits(t);
  const { min, max } = rawRange(t);
  const span = 2 ** t.w;
  const sat = mode.overflow === 'sat';
  const rounding = mode.rounding;
  return (v: number): number => {
    if (Number.isNaN(v)) v = 0;
    const scaled = v * scale;
    let r: number;
    if (!Number.isFinite(scaled)) r = scaled > 0 ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
    else if (rounding === 'trn') r = Math.floor(scaled);
    else if (rounding === 'rnd') r = Math.floor(scaled + 0.5);
    else {
      const f = Math.floor(scaled);
      const d = scaled - f;
      r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
    }
    if (sat) return r < min ? min : r > max ? max : r;
    let m = ((r % span) + span) % span;
    if (t.signed && m > max) m -= span;
    return m;
  };
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
  const n = values.length;
  // Typed views write the host's byte order; every platform Node runs on here is little-endian.
  const raw = bytes === 1 ? new Uint8Array(n) : bytes === 2 ? new Uint16Array(n) : new Uint32Array(n);
  const wrapAt = 2 ** (8 * bytes);
  if (mode.rounding === 'rnd_conv' && mode.overflow === 'sat') {
    // The hot path (every generated weight type): round half to even, saturate, inlined.
    const scale = 2 ** fracBits(t);
    const { min, max } = rawRange(t);
    for (let i = 0; i < n; i++) {
      let v = values[i] * scale;
      if (v !== v) v = 0;
      const h = v + 0.5;
      let r = Math.floor(h);
      if (r === h && (r & 1) !== 0) r -= 1;
      r = r < min ? min : r > max ? max : r;
      raw[i] = r < 0 ? r + wrapAt : r;
    }
  } else {
    const q = quantizer(t, mode);
    for (let i = 0; i < n; i++) {
      const r = q(values[i]);
      raw[i] = r < 0 ? r + wrapAt : r;
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
