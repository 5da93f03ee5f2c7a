/**
 * Exact reference model of the Vitis HLS arbitrary-precision semantics (UG1399), in BigInt, written
 * independently of hls/sim: a value is raw * 2^-F with F = W - I; conversions quantise (Q) then
 * handle overflow (O, N); arithmetic result types follow the documented rules.
 */
export interface ApType {
  W: number;
  I: number;
  S: boolean;
  Q: number; // ap_q_mode: 0 RND, 1 RND_ZERO, 2 RND_MIN_INF, 3 RND_INF, 4 RND_CONV, 5 TRN, 6 TRN_ZERO
  O: number; // ap_o_mode: 0 SAT, 1 SAT_ZERO, 2 SAT_SYM, 3 WRAP, 4 WRAP_SM
  N: number;
  ours: boolean;
}
export const Q = { RND: 0, RND_ZERO: 1, RND_MIN_INF: 2, RND_INF: 3, RND_CONV: 4, TRN: 5, TRN_ZERO: 6 } as const;
export const O = { SAT: 0, SAT_ZERO: 1, SAT_SYM: 2, WRAP: 3, WRAP_SM: 4 } as const;

const one = 1n;
export const pow2 = (n: number): bigint => one << BigInt(n);
export const fracBits = (t: { W: number; I: number }): number => t.W - t.I;

export function minRaw(W: number, S: boolean): bigint {
  return S ? -pow2(W - 1) : 0n;
}
export function maxRaw(W: number, S: boolean): bigint {
  return S ? pow2(W - 1) - 1n : pow2(W) - 1n;
}
/** Two's complement wrap to W bits, read back signed or unsigned. */
export function wrap(v: bigint, W: number, S: boolean): bigint {
  const m = pow2(W);
  let r = ((v % m) + m) % m;
  if (S && r >= pow2(W - 1)) r -= m;
  return r;
}
/** The W-bit pattern of v as a non-negative number. */
export function pattern(v: bigint, W: number): bigint {
  const m = pow2(W);
  return ((v % m) + m) % m;
}
function floorDiv(a: bigint, b: bigint): bigint {
  // b > 0
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
function bitOf(v: bigint, i: number): boolean {
  return ((v >> BigInt(i)) & 1n) === 1n; // BigInt >> is arithmetic (floor)
}
function withBit(v: bigint, i: number, b: boolean): bigint {
  const m = pow2(i);
  return b ? v | m : v & ~m;
}

/** Quantise the rational num/den (den > 0) to a multiple of 2^-Ft with mode q; returns the raw count. */
export function quantize(num: bigint, den: bigint, Ft: number, q: number): bigint {
  let n = num;
  let d = den;
  if (Ft >= 0) n = n * pow2(Ft);
  else d = d * pow2(-Ft);
  const fl = floorDiv(n, d);
  const rn = n - fl * d; // remainder numerator, 0 <= rn < d
  if (rn === 0n) return fl;
  const neg = num < 0n;
  const twice = 2n * rn;
  const above = twice > d;
  const tie = twice === d;
  switch (q) {
    case Q.TRN:
      return fl;
    case Q.TRN_ZERO:
      return neg ? fl + 1n : fl;
    case Q.RND:
      return above || tie ? fl + 1n : fl;
    case Q.RND_ZERO:
      return above || (tie && neg) ? fl + 1n : fl;
    case Q.RND_MIN_INF:
      return above ? fl + 1n : fl;
    case Q.RND_INF:
      return above || (tie && !neg) ? fl + 1n : fl;
    case Q.RND_CONV:
      return above || (tie && (fl & 1n) === 1n) ? fl + 1n : fl;
    default:
      throw new Error(`bad q ${q}`);
  }
}

/** Overflow handling of an already quantised raw count q for a W-bit target. */
export function overflow(q: bigint, W: number, S: boolean, o: number, N: number): bigint {
  const lo = minRaw(W, S);
  const hi = maxRaw(W, S);
  if (q >= lo && q <= hi) return q;
  const posOvf = q > hi;
  const negOvf = !posOvf;
  const n = Math.min(N, W);
  // forces the sign (signed) and the saturation bits below it toward the overflow direction
  const saturateBits = (r: bigint): bigint => {
    let x = r;
    if (S) {
      x = withBit(x, W - 1, negOvf);
      for (let k = 2; k <= n; k++) x = withBit(x, W - k, !negOvf);
    } else {
      for (let k = 1; k <= n; k++) x = withBit(x, W - k, !negOvf);
    }
    return x;
  };
  switch (o) {
    case O.SAT:
      return posOvf ? hi : lo;
    case O.SAT_ZERO:
      return 0n;
    case O.SAT_SYM:
      return posOvf ? hi : S ? -hi : 0n;
    case O.WRAP:
      return wrap(N > 0 ? saturateBits(pattern(q, W)) : q, W, S);
    case O.WRAP_SM: {
      if (!S) return wrap(q, W, S);
      // sign-magnitude wrap: new sign = least significant deleted bit; the kept bits are
      // inverted when that differs from the kept MSB
      const lD = bitOf(q, W);
      const ro = bitOf(q, W - 1);
      let r = pattern(q, W);
      if (lD !== ro) r = withBit(pattern(~q, W), W - 1, lD);
      if (N > 0) r = saturateBits(r);
      return wrap(r, W, S);
    }
    default:
      throw new Error(`bad o ${o}`);
  }
}

/** Convert num/den to target t: quantisation first, then overflow. */
export function convertRational(num: bigint, den: bigint, t: ApType): bigint {
  return overflow(quantize(num, den, fracBits(t), t.Q), t.W, t.S, t.O, t.N);
}
/** Convert a raw value with F fraction bits. */
export function convertRaw(raw: bigint, F: number, t: ApType): bigint {
  return F >= 0 ? convertRational(raw, pow2(F), t) : convertRational(raw * pow2(-F), 1n, t);
}

export interface ResT {
  W: number;
  I: number;
  S: boolean;
}
const b2n = (b: boolean): number => (b ? 1 : 0);
/** + and − : integer bits max(I1 + (S2 && !S1), I2 + (S1 && !S2)) + 1, fraction max(F1, F2). */
export function plusType(a: ResT, b: ResT, minus: boolean): ResT {
  const I = Math.max(a.I + b2n(b.S && !a.S), b.I + b2n(a.S && !b.S)) + 1;
  const F = Math.max(fracBits(a), fracBits(b));
  return { W: I + F, I, S: minus ? true : a.S || b.S };
}
export function multType(a: ResT, b: ResT): ResT {
  return { W: a.W + b.W, I: a.I + b.I, S: a.S || b.S };
}
export function divType(a: ResT, b: ResT): ResT {
  const F2 = fracBits(b);
  return { W: b2n(b.S) + a.W + Math.max(F2, 0), I: b2n(b.S) + a.I + F2, S: a.S || b.S };
}
export function logicType(a: ResT, b: ResT): ResT {
  const W = Math.max(a.W + b2n(b.S && !a.S), b.W + b2n(a.S && !b.S));
  return { W, I: W, S: a.S || b.S };
}
export function modType(a: ResT, b: ResT): ResT {
  const W = Math.min(a.W, b.W + b2n(a.S && !b.S));
  return { W, I: W, S: a.S };
}

/** Raw of a value (raw, F) re-expressed with F' >= F fraction bits. */
export function align(raw: bigint, F: number, Fp: number): bigint {
  return raw * pow2(Fp - F);
}

/** Correctly rounded (nearest-even) binary64 / binary32 of raw * 2^-F. */
export function toFloatBits(raw: bigint, F: number, single: boolean): string {
  const p = single ? 24 : 53;
  let v: number;
  if (raw === 0n) v = 0;
  else {
    const neg = raw < 0n;
    let mag = neg ? -raw : raw;
    let e = -F;
    const len = mag.toString(2).length;
    if (len > p) {
      const sh = len - p;
      const q = mag >> BigInt(sh);
      const rem = mag - (q << BigInt(sh));
      const half = pow2(sh - 1);
      mag = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
      e += sh;
    }
    v = Number(mag) * 2 ** e;
    if (!Number.isFinite(v) && e > 0) v = Infinity;
    if (neg) v = -v;
  }
  const dv = new DataView(new ArrayBuffer(8));
  if (single) {
    dv.setFloat32(0, Math.fround(v));
    return dv.getUint32(0).toString(16).padStart(16, '0');
  }
  dv.setFloat64(0, v);
  return dv.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Exact rational (num / 2^k form as num, den) of a double given by its bits. */
export function doubleToRational(bits: bigint): { num: bigint; den: bigint } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, bits);
  const x = dv.getFloat64(0);
  if (!Number.isFinite(x)) throw new Error('finite doubles only');
  if (x === 0) return { num: 0n, den: 1n };
  const sign = bits >> 63n ? -1n : 1n;
  const expField = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = expField === 0 ? frac : frac | (1n << 52n);
  const e = (expField === 0 ? 1 : expField) - 1075; // x = mant * 2^e
  return e >= 0 ? { num: sign * mant * pow2(e), den: 1n } : { num: sign * mant, den: pow2(-e) };
}

/** Exact decimal text of raw * 2^-F: [-]int[.frac], no trailing zeros. */
export function decimalString(raw: bigint, F: number): string {
  const neg = raw < 0n;
  const mag = neg ? -raw : raw;
  let ip: bigint;
  let fp = 0n;
  const f = Math.max(F, 0);
  if (F <= 0) ip = mag * pow2(-F);
  else {
    ip = mag >> BigInt(F);
    fp = mag - (ip << BigInt(F));
  }
  let frac = '';
  const m = pow2(f);
  while (fp !== 0n) {
    fp *= 10n;
    frac += (fp >> BigInt(f)).toString();
    fp %= m;
  }
  return (neg ? '-' : '') + ip.toString() + (frac ? '.' + frac : '');
}

/** Truncation toward zero of raw * 2^-F. */
export function truncToInt(raw: bigint, F: number): bigint {
  if (F <= 0) return raw * pow2(-F);
  return raw / pow2(F); // BigInt division truncates toward zero
}
