/**
 * Primitives of the programmable fabric: what one multiply, adder, comparator, mux, register or buffer
 * costs in DSP / LUT / FF / BRAM18K / URAM. Pure arithmetic on widths; every kernel model builds on these.
 */
import type { BoardSpec } from '../boards/board-spec';

export interface Res {
  lut: number;
  ff: number;
  dsp: number;
  bram18k: number;
  uram: number;
}

export const zero = (): Res => ({ lut: 0, ff: 0, dsp: 0, bram18k: 0, uram: 0 });

/** acc += x (in place, no allocation: the inner estimate runs thousands of times per second). */
export function addRes(acc: Res, x: Res, times = 1): Res {
  acc.lut += x.lut * times;
  acc.ff += x.ff * times;
  acc.dsp += x.dsp * times;
  acc.bram18k += x.bram18k * times;
  acc.uram += x.uram * times;
  return acc;
}

/** acc += a fixed-function block costed as LUT / FF (/ DSP) counts: an exp or rsqrt unit, a unit's control. In place. */
export function addLogic(acc: Res, u: { lut: number; ff: number; dsp?: number }, times = 1): Res {
  acc.lut += u.lut * times;
  acc.ff += u.ff * times;
  if (u.dsp) acc.dsp += u.dsp * times;
  return acc;
}

export type DspType = BoardSpec['dspType'];

/** Multiplier port widths (signed): DSP48E1 25×18, DSP48E2 27×18, DSP58 27×24. */
export function dspPorts(t: DspType): { a: number; b: number } {
  switch (t) {
    case 'DSP48E1': return { a: 25, b: 18 };
    case 'DSP48E2': return { a: 27, b: 18 };
    case 'DSP58': return { a: 27, b: 24 };
  }
}

/**
 * Pieces a signed x-bit operand splits into for a p-bit signed port: the low pieces are unsigned (p − 1
 * useful bits each), the top piece keeps the sign.  x ≤ p → 1; e.g. 32 bits on an 18-bit port: 17 + 15 → 2.
 */
export function operandPieces(x: number, p: number): number {
  return x <= p ? 1 : 1 + Math.ceil((x - p) / (p - 1));
}

/** DSP slices for one a×b multiply (partial products summed in the DSP cascade); best operand orientation. */
export function dspPerMultiply(a: number, b: number, t: DspType): number {
  const { a: pa, b: pb } = dspPorts(t);
  return Math.min(operandPieces(a, pa) * operandPieces(b, pb), operandPieces(b, pa) * operandPieces(a, pb));
}

/**
 * Products one DSP yields per cycle when several multiplies share one operand: two narrow products
 * w1·x and w2·x packed as ((w1 << 18) + w2) · x need w ≤ 8 and x ≤ 8 bits and a pre-adder/A port of at
 * least 18 + 8 = 26 bits, so DSP48E2 and DSP58 (27-bit A) pack two, DSP48E1 (25-bit A) packs none.
 */
export function productsPerDsp(shared: number, packed: number, t: DspType): number {
  if (t === 'DSP48E1') return 1;
  return shared <= 8 && packed <= 8 ? 2 : 1;
}

/** DSPs for n parallel multiplies of `shared`-bit × `other`-bit operands, packing where the fabric allows. */
export function dspForMultiplies(n: number, shared: number, other: number, t: DspType): number {
  if (n <= 0) return 0;
  const per = productsPerDsp(shared, other, t);
  if (per > 1) return Math.ceil(n / per);
  return n * dspPerMultiply(shared, other, t);
}

/** LUTs per packed pair to unpack the two products: the low product's sign borrows from the high one (a half-width adder). */
export const packCorrectionLut = (productWidth: number): number => Math.ceil(productWidth / 2);

/** A w-bit two-input adder/subtractor: one LUT per bit on the carry chain; registered output: w FF. */
export const adder = (w: number): Res => ({ lut: w, ff: w, dsp: 0, bram18k: 0, uram: 0 });

/** Adder tree summing n inputs of width w (n − 1 adders, growing to w + log2 n bits), every level registered. */
export function adderTree(n: number, w: number): Res {
  if (n <= 1) return zero();
  let lut = 0;
  let width = w;
  for (let m = n; m > 1; m = Math.ceil(m / 2)) {
    const adds = Math.floor(m / 2);
    width += 1;
    lut += adds * width;
  }
  return { lut, ff: lut, dsp: 0, bram18k: 0, uram: 0 };
}

/** Magnitude comparator of width w on the carry chain: LUT6 compares 3 bit-pairs per … ≈ w/2 + 1 LUTs. */
export const comparatorLut = (w: number): number => Math.ceil(w / 2) + 1;

/** n:1 multiplexer of width w: a LUT6 is a 4:1 mux per bit; wider muxes chain (n − 1)/3 LUTs per bit. */
export const muxLut = (n: number, w: number): number => (n <= 1 ? 0 : w * Math.ceil((n - 1) / 3));

/** Loop counter of b bits: increment (carry chain) + terminal compare. */
export const counter = (b: number): Res => ({ lut: b + comparatorLut(b), ff: b, dsp: 0, bram18k: 0, uram: 0 });

export const bitsFor = (n: number): number => Math.max(1, Math.ceil(Math.log2(Math.max(2, n))));

/** BRAM18K aspect ratios (simple dual port): width × depth = 18 Kib incl. parity at 9/18/36 widths. */
const BRAM_MODES: ReadonlyArray<readonly [number, number]> = [
  [1, 16384], [2, 8192], [4, 4096], [9, 2048], [18, 1024], [36, 512],
];

/** BRAM18K for one bank of `width` × `depth`: the best aspect ratio, cascading across width and depth. */
export function bramBank(width: number, depth: number): number {
  if (width <= 0 || depth <= 0) return 0;
  let best = Infinity;
  for (const [w, d] of BRAM_MODES) {
    const n = Math.ceil(width / w) * Math.ceil(depth / d);
    if (n < best) best = n;
  }
  return best;
}

/** URAM (288 Kib, fixed 72 × 4096) for one bank. */
export const uramBank = (width: number, depth: number): number => (width <= 0 || depth <= 0 ? 0 : Math.ceil(width / 72) * Math.ceil(depth / 4096));

/**
 * Distributed (LUT) RAM for one bank: UltraScale+ RAM64M8 = 8 LUTs hold 64 × 7 bits with one write and
 * one read port; 7-series RAM64M = 4 LUTs hold 64 × 3.
 */
export function lutramBank(width: number, depth: number, t: DspType): number {
  const [lutsPer, bitsPer] = t === 'DSP48E1' ? [4, 3] : [8, 7];
  return Math.ceil(depth / 64) * Math.ceil(width / bitsPer) * lutsPer;
}

export type Storage = 'ff' | 'lutram' | 'bram' | 'uram';

/**
 * Storage chosen for a buffer of `banks` parallel banks, each `width` × `depth` (depth = elements / banks):
 * registers when a bank holds ≤ 2 words, LUTRAM up to 64 deep (what `bind_storage … impl=lutram` gives and
 * cheaper than a BRAM for shallow wide banks), else BRAM18K — or URAM for large banks where the part has it.
 */
export function buffer(width: number, depth: number, banks: number, t: DspType, uramAvailable = false): Res & { storage: Storage } {
  const r = { lut: 0, ff: 0, dsp: 0, bram18k: 0, uram: 0, storage: 'bram' as Storage };
  if (width <= 0 || depth <= 0 || banks <= 0) return r;
  if (depth <= 2) {
    r.ff = width * depth * banks;
    r.lut = depth > 1 ? muxLut(depth, width) * banks : 0;
    r.storage = 'ff';
  } else if (depth <= 64) {
    r.lut = lutramBank(width, depth, t) * banks;
    r.ff = width * banks; // registered read data
    r.storage = 'lutram';
  } else if (uramAvailable && width * depth >= 128 * 1024) {
    r.uram = uramBank(width, depth) * banks;
    r.storage = 'uram';
  } else {
    r.bram18k = bramBank(width, depth) * banks;
    r.storage = 'bram';
  }
  return r;
}

/** Bits one BRAM18K port delivers per cycle in simple-dual-port mode (36-bit read port). */
export const BRAM_READ_BITS = 36;
export const URAM_READ_BITS = 72;
