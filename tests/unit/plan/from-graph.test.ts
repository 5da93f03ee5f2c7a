import { describe, expect, it } from 'vitest';
import { planFromStructure, retile } from '../../../src-main/plan/from-graph';
import { planHash, canonicalJson } from '../../../src-main/plan/hash';
import { parsePrecision } from '../../../src-main/plan/precision';
import { parseTiles } from '../../../src-main/plan/tiles';
import { M3VIT_T, vitStructure, zcu102 } from '../estimate/fixtures';

describe('planFromStructure', () => {
  const board = zcu102();
  const s = vitStructure(M3VIT_T, 'm3vit-t');
  const plan = planFromStructure(s, { board, clockMHz: 300 });

  it('lists every kernel, all linears on the one unified unit', () => {
    // 1 patch-embed + 12 × (2 norms, qkv, core, proj, 2 residuals) + 6 dense × (fc1, gelu, fc2)
    // + 6 MoE × (gate, dispatch, fc1, gelu, fc2) + final norm = 1 + 84 + 18 + 30 + 1 = 134
    expect(plan.kernels).toHaveLength(134);
    const linears = plan.kernels.filter((k) => ['linear', 'patch-embed', 'moe-gate', 'head'].includes(k.kind));
    expect(new Set(linears.map((k) => k.unit))).toEqual(new Set(['linear']));
    expect(new Set(plan.kernels.map((k) => k.id)).size).toBe(plan.kernels.length);
    for (const k of plan.kernels.filter((k) => k.kind === 'gelu' || k.kind === 'residual')) {
      expect(plan.kernels.some((x) => x.id === k.fusedInto)).toBe(true);
    }
  });

  it('plans experts expert by expert with tokens·topk/experts rows each', () => {
    const fc1 = plan.kernels.find((k) => k.id === 'blocks_1_moe_experts_fc1')!;
    expect(fc1.repeats).toBe(16);
    expect(fc1.shape.routed).toBe(129 * 2);
    expect(fc1.weights.count).toBe(16 * (192 * 384 + 384));
    expect(plan.notes!.some((n) => n.includes('129·2/16 = 16.13'))).toBe(true);
  });

  it('sizes accumulators per kernel and honours overrides', () => {
    const qkv = plan.kernels.find((k) => k.id === 'blocks_0_attn_qkv')!;
    // 16 + 16 bits + ceil(log2 192) = 40
    expect(qkv.precision.acc!.w).toBe(40);
    const p2 = planFromStructure(s, { board, precision: parsePrecision('blocks.0.attn=8.3') });
    expect(p2.kernels.find((k) => k.id === 'blocks_0_attn_qkv')!.precision.in).toEqual({ w: 8, i: 3, signed: true });
    expect(p2.kernels.find((k) => k.id === 'blocks_1_attn_qkv')!.precision.in.w).toBe(16);
  });

  it('is deterministic and its hash follows the content', () => {
    const again = planFromStructure(s, { board, clockMHz: 300 });
    expect(canonicalJson(again)).toBe(canonicalJson(plan));
    expect(planHash(again)).toBe(planHash(plan));
    const other = retile(plan, board, parseTiles('in=32,out=32'));
    expect(planHash(other)).not.toBe(planHash(plan));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('keeps weights on chip only where streaming would stall, within the budget', () => {
    // Tiny tiles: no kernel is memory-bound, so every weight streams.
    const small = planFromStructure(s, { board, tiles: parseTiles('in=4,out=4') });
    expect(small.kernels.every((k) => k.unit !== 'linear' || k.weights.placement === 'ddr')).toBe(true);
    // A board with plenty of BRAM keeps the memory-bound ones on chip.
    const big = { ...board, id: 'zcu102', resources: { ...board.resources, bram18k: 100_000 } };
    const p = planFromStructure(s, { board: big, tiles: parseTiles('in=64,out=32') });
    const onChip = p.kernels.filter((k) => k.weights.placement === 'bram' && k.unit === 'linear');
    expect(onChip.length).toBeGreaterThan(0);
    expect(onChip.every((k) => (k.shape.routed ?? 0) > 0 || k.shape.tokens < 64)).toBe(true);
  });
});
