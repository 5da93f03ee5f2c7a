import { describe, expect, it } from 'vitest';
import {
  adderTree, bramBank, buffer, dspForMultiplies, dspPerMultiply, lutramBank, muxLut, operandPieces, productsPerDsp, uramBank,
} from '../../../src-main/estimate/fabric';

describe('DSP use per multiply', () => {
  it('splits operands wider than the ports', () => {
    // 32 bits on an 18-bit signed port: 17 unsigned low bits + 15 signed high bits = 2 pieces.
    expect(operandPieces(32, 18)).toBe(2);
    expect(operandPieces(18, 18)).toBe(1);
    // 27 on 18: 17 + 10 → 2; 52 on 18: 17 + 17 + 18 → 3.
    expect(operandPieces(27, 18)).toBe(2);
    expect(operandPieces(52, 18)).toBe(3);
  });

  it('counts DSP48E2 (27×18), DSP48E1 (25×18), DSP58 (27×24)', () => {
    expect(dspPerMultiply(16, 16, 'DSP48E2')).toBe(1);
    expect(dspPerMultiply(27, 18, 'DSP48E2')).toBe(1);
    // W16 × A32 (Edge-MoE): the 32-bit operand goes on the 27-bit port in 2 pieces, the 16-bit fits 18 → 2.
    expect(dspPerMultiply(32, 16, 'DSP48E2')).toBe(2);
    // 32 × 32: 2 pieces on the 27-bit port × 2 pieces on the 18-bit port = 4.
    expect(dspPerMultiply(32, 32, 'DSP48E2')).toBe(4);
    // 26 × 18 on DSP48E1: 26 does not fit 25 (→ 2 pieces) and 18 fits 18; swapped: 18 on A, 26 on B (2) → 2.
    expect(dspPerMultiply(26, 18, 'DSP48E1')).toBe(2);
    expect(dspPerMultiply(25, 18, 'DSP48E1')).toBe(1);
    // DSP58 takes 24-bit B: 27 × 24 is one slice; 32 × 24 → 2.
    expect(dspPerMultiply(27, 24, 'DSP58')).toBe(1);
    expect(dspPerMultiply(32, 24, 'DSP58')).toBe(2);
  });

  it('packs two ≤ 8-bit products sharing an operand where the A port is ≥ 26 bits', () => {
    expect(productsPerDsp(8, 8, 'DSP48E2')).toBe(2);
    expect(productsPerDsp(8, 8, 'DSP58')).toBe(2);
    expect(productsPerDsp(8, 8, 'DSP48E1')).toBe(1); // 25-bit A port cannot hold w1 << 18 + w2
    expect(productsPerDsp(9, 8, 'DSP48E2')).toBe(1);
    expect(dspForMultiplies(2048, 8, 8, 'DSP48E2')).toBe(1024);
    expect(dspForMultiplies(5, 8, 8, 'DSP48E2')).toBe(3); // ceil(5/2)
    expect(dspForMultiplies(80, 16, 16, 'DSP48E1')).toBe(80);
    expect(dspForMultiplies(10, 32, 16, 'DSP48E2')).toBe(20);
  });
});

describe('LUT / FF primitives', () => {
  it('adder trees: n − 1 registered adders growing one bit per level', () => {
    // 4 inputs of 8 bits: level 1 two 9-bit adders (18), level 2 one 10-bit adder (10) = 28 LUT, 28 FF.
    expect(adderTree(4, 8)).toMatchObject({ lut: 28, ff: 28, dsp: 0 });
    // 3 inputs: one 9-bit adder, then one 10-bit adder = 19.
    expect(adderTree(3, 8).lut).toBe(19);
    expect(adderTree(1, 8).lut).toBe(0);
  });

  it('muxes: a LUT6 is a 4:1 mux per bit', () => {
    expect(muxLut(4, 8)).toBe(8);
    expect(muxLut(5, 8)).toBe(16);
    expect(muxLut(1, 8)).toBe(0);
  });
});

describe('memories', () => {
  it('picks the best BRAM18K aspect ratio', () => {
    expect(bramBank(16, 1024)).toBe(1); // 18 × 1024
    expect(bramBank(36, 512)).toBe(1);
    expect(bramBank(37, 512)).toBe(2); // two 36-wide
    expect(bramBank(1, 16384)).toBe(1);
    expect(bramBank(32, 2048)).toBe(4); // 4 × (9 × 2048) = 4 × (36 × 512) = 4 × ... all 4
    expect(bramBank(8, 3000)).toBe(2); // 9 × 2048 twice deep, or 4 × 4096 twice wide
    expect(bramBank(42, 129)).toBe(2);
  });

  it('URAM is 72 × 4096 per block', () => {
    expect(uramBank(72, 4096)).toBe(1);
    expect(uramBank(73, 4097)).toBe(4);
  });

  it('LUTRAM: RAM64M8 holds 64 × 7 bits in 8 LUTs', () => {
    expect(lutramBank(16, 64, 'DSP48E2')).toBe(24); // ceil(16/7) = 3 → 24 LUTs
    expect(lutramBank(16, 64, 'DSP48E1')).toBe(24); // RAM64M: ceil(16/3) = 6 × 4 = 24
    expect(lutramBank(14, 128, 'DSP48E2')).toBe(32); // 2 deep × 2 wide × 8
  });

  it('chooses registers, LUTRAM or BRAM by bank depth', () => {
    expect(buffer(16, 2, 4, 'DSP48E2')).toMatchObject({ storage: 'ff', ff: 128, lut: 64, bram18k: 0 });
    expect(buffer(16, 64, 2, 'DSP48E2')).toMatchObject({ storage: 'lutram', lut: 48, ff: 32, bram18k: 0 });
    expect(buffer(16, 100, 2, 'DSP48E2')).toMatchObject({ storage: 'bram', bram18k: 2 });
    expect(buffer(72, 4096, 1, 'DSP48E2', true)).toMatchObject({ storage: 'uram', uram: 1, bram18k: 0 });
  });
});
