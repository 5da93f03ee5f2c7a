import { describe, expect, it } from 'vitest';
import { containerBytes, packRaw, quantize, quantizeRaw } from '../../../src-main/codegen/quantize';

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
