import { describe, expect, it } from 'vitest';
import { accumulatorFor, defaultPrecision, fx, parseFixed, parsePrecision, precisionLabel, resolveOverride } from '../../../src-main/plan/precision';
import { parseTiles, formatTiles, DEFAULT_TILES } from '../../../src-main/plan/tiles';
import { WorkbenchError } from '../../../src-main/core/errors';

describe('precision', () => {
  it('parses W.I, uW.I, ap_fixed<W,I> and intN', () => {
    expect(parseFixed('16.6')).toEqual({ w: 16, i: 6, signed: true });
    expect(parseFixed('u8.0')).toEqual({ w: 8, i: 0, signed: false });
    expect(parseFixed('ap_fixed<32, 10>')).toEqual({ w: 32, i: 10, signed: true });
    expect(parseFixed('int8')).toEqual({ w: 8, i: 8, signed: true });
    expect(() => parseFixed('sixteen')).toThrow(WorkbenchError);
  });

  it('parses key lists, named presets and per-tensor overrides', () => {
    const p = parsePrecision('act=16.6,weight=8.1,acc=32.12');
    expect(p.activation).toEqual(fx(16, 6));
    expect(p.weight).toEqual(fx(8, 1));
    expect(p.accumulator).toEqual(fx(32, 12));
    expect(precisionLabel(parsePrecision('int8'))).toBe('W8A8');
    const e = parsePrecision('w16a32');
    expect([e.weight.w, e.activation.w, e.activation.i]).toEqual([16, 32, 10]); // Edge-MoE's ap_fixed<32,10>
    const o = parsePrecision('int8,blocks.0.attn=16.6');
    expect(o.overrides['blocks.0.attn']).toEqual(fx(16, 6));
    expect(o.weight.w).toBe(8);
    expect(() => parsePrecision('fp13')).toThrow(/unknown precision/);
    expect(parsePrecision(undefined)).toEqual(defaultPrecision());
  });

  it('sizes accumulators from operand widths and K', () => {
    // 16×16-bit products are 32 bits with 6 + 2 = 8 integer bits; adding 192 of them needs ceil(log2 192) = 8 more.
    expect(accumulatorFor(fx(16, 6), fx(16, 2), 192)).toEqual({ w: 40, i: 16, signed: true });
    // K = 1: the product alone.
    expect(accumulatorFor(fx(8, 4), fx(8, 1), 1)).toEqual({ w: 16, i: 5, signed: true });
    // A narrower user cap wins.
    expect(accumulatorFor(fx(16, 6), fx(16, 2), 192, fx(32, 12))).toEqual(fx(32, 12));
  });

  it('resolves overrides by longest name prefix', () => {
    const p = parsePrecision('blocks=12.4,blocks.0.attn=8.2');
    expect(resolveOverride(p, ['blocks.0.attn.qkv'], p.activation)).toEqual(fx(8, 2));
    expect(resolveOverride(p, ['blocks.1.mlp'], p.activation)).toEqual(fx(12, 4));
    expect(resolveOverride(p, ['head'], p.activation)).toEqual(p.activation);
  });
});

describe('tiles', () => {
  it('parses and formats', () => {
    const t = parseTiles('in=32,out=16,heads=1,keys=8');
    expect(t).toEqual({ linearIn: 32, linearOut: 16, attnHeads: 1, attnKeys: 8 });
    expect(formatTiles(t)).toBe('in=32,out=16,heads=1,keys=8');
    expect(parseTiles('out=4')).toEqual({ ...DEFAULT_TILES, linearOut: 4 });
    expect(() => parseTiles('in=0')).toThrow(/whole number/);
    expect(() => parseTiles('rows=4')).toThrow(/unknown tile/);
    const d = parseTiles('in=8,out=8,heads=1,keys=2,dim=16');
    expect(d.attnDim).toBe(16);
    expect(formatTiles(d)).toBe('in=8,out=8,heads=1,keys=2,dim=16');
  });
});
