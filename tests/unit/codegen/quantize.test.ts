import { describe, expect, it } from 'vitest';
import { containerBytes, packRaw, quantize, quantizeRaw, type QuantMode } from '../../../src-main/codegen/quantize';
import type { FixedType } from '../../../src-main/plan/plan';

const s16_2 = { w: 16, i: 2, signed: true };
const u8_0 = { w: 8, i: 0, signed: false };

describe('quantizeRaw', () => {
  it('rounds half to even with AP_RND_CONV and half up with AP_RND, floors with AP_TRN', () => {
    const l = 2 ** -14;
    expect(quantizeRaw(2.5 * l, s16_2, { rounding: 'rnd_conv', overflow: 'sat' })).toBe(2);
    expect(quantizeRaw(3.5 * l, s16_2, { rounding: 'rnd_conv', overflow: 'sat' })).toBe(4);
    expect(quantizeRaw(-2.5 * l, s16_2, { rounding: 'rnd_conv', overflow: 'sat' })).toBe(-2);
    expect(quantizeRaw(2.5 * l, s16_2, { rounding: 'rnd', overflow: 'sat' })).toBe(3);
    expect(quantizeRaw(-2.5 * l, s16_2, { rounding: 'rnd', overflow: 'sat' })).toBe(-2);
    expect(quantizeRaw(-2.2 * l, s16_2, { rounding: 'trn', overflow: 'sat' })).toBe(-3);
  });

  it('saturates or wraps at the range', () => {
    expect(quantizeRaw(5, s16_2, { rounding: 'rnd_conv', overflow: 'sat' })).toBe(32767);
    expect(quantizeRaw(-5, s16_2, { rounding: 'rnd_conv', overflow: 'sat' })).toBe(-32768);
    expect(quantizeRaw(2, s16_2, { rounding: 'trn', overflow: 'wrap' })).toBe(-32768);
    expect(quantizeRaw(-0.1, u8_0, { rounding: 'rnd', overflow: 'sat' })).toBe(0);
    expect(quantizeRaw(1, u8_0, { rounding: 'rnd', overflow: 'sat' })).toBe(255);
    expect(quantize(0.3, u8_0, { rounding: 'rnd', overflow: 'sat' })).toBe(77 / 256);
  });

  it('packs little-endian containers of 1, 2 or 4 bytes', () => {
    expect(containerBytes({ w: 4, i: 1, signed: true })).toBe(1);
    expect(containerBytes({ w: 12, i: 1, signed: true })).toBe(2);
    expect(containerBytes({ w: 24, i: 8, signed: true })).toBe(4);
    const b = packRaw([-(2 ** -14), 1], s16_2);
    expect(Array.from(b)).toEqual([0xff, 0xff, 0x00, 0x40]);
  });
});

describe('packRaw', () => {
  it('stores exactly quantizeRaw for every type and mode (the fast path included)', () => {
    const types: FixedType[] = [s16_2, u8_0, { w: 8, i: 1, signed: true }, { w: 24, i: 4, signed: true }, { w: 4, i: 1, signed: true }];
    const modes: QuantMode[] = [{ rounding: 'rnd_conv', overflow: 'sat' }, { rounding: 'rnd', overflow: 'sat' }, { rounding: 'trn', overflow: 'wrap' }];
    let seed = 1;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const t of types) {
      const l = 2 ** -(t.w - t.i);
      const vals = [0, NaN, 1e30, -1e30, ...Array.from({ length: 500 }, () => (r() * 2 - 1) * 2 ** t.i * 1.2), ...Array.from({ length: 50 }, (_, k) => (k - 25 + 0.5) * l)];
      for (const m of modes) {
        const bytes = containerBytes(t);
        const packed = packRaw(vals, t, m);
        const dv = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
        vals.forEach((v, i) => {
          const got = bytes === 1 ? (t.signed ? dv.getInt8(i) : dv.getUint8(i)) : bytes === 2 ? (t.signed ? dv.getInt16(2 * i, true) : dv.getUint16(2 * i, true)) : (t.signed ? dv.getInt32(4 * i, true) : dv.getUint32(4 * i, true));
          expect(got, `${v} ${JSON.stringify(t)} ${JSON.stringify(m)}`).toBe(quantizeRaw(v, t, m));
        });
      }
    }
  });
});
