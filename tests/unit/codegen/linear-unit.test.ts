/**
 * The one linear unit's plan: its storage types hold every layer's values exactly, its static bounds
 * cover every call, and resident weights lead their file.
 */
import { describe, expect, it } from 'vitest';
import { joinFixed, linearUses, planLinearUnit, unifyLinearStorage } from '../../../src-main/codegen/linear-unit';
import { buildCodegenModel } from '../../../src-main/codegen/model-view';
import { layoutWeights } from '../../../src-main/codegen/emit-weights';
import { quantize, rawRange, fracBits, WEIGHT_MODE } from '../../../src-main/codegen/quantize';
import { loadBoard } from '../../../src-main/boards/registry';
import { planFromStructure } from '../../../src-main/plan/from-graph';
import { parsePrecision } from '../../../src-main/plan/precision';
import type { FixedType } from '../../../src-main/plan/plan';
import { randomModel } from '../../integration/codegen/random-model';

const fx = (w: number, i: number, signed = true): FixedType => ({ w, i, signed });
const board = loadBoard('zcu102');

/** Every representable value of t (by raw integer), as numbers. */
function grid(t: FixedType): number[] {
  const { min, max } = rawRange(t);
  const out: number[] = [];
  for (let r = min; r <= max; r++) out.push(r * 2 ** -fracBits(t));
  return out;
}

describe('joinFixed', () => {
  it('holds every value of both types exactly (exhaustive on small types)', () => {
    const pairs: Array<[FixedType, FixedType]> = [[fx(6, 2), fx(6, 0)], [fx(5, 1, false), fx(6, 3)], [fx(4, -1), fx(5, 4, false)], [fx(7, 2), fx(7, 2)]];
    for (const [a, b] of pairs) {
      const j = joinFixed(a, b);
      for (const v of [...grid(a), ...grid(b)]) expect(quantize(v, j, WEIGHT_MODE), `${v} in ${JSON.stringify(j)}`).toBe(v);
    }
    expect(joinFixed(fx(16, 2), fx(16, 2))).toEqual(fx(16, 2));
    expect(joinFixed(fx(16, 2), fx(16, 0))).toEqual(fx(18, 2));
    expect(joinFixed(fx(8, 0, false), fx(16, 6))).toEqual(fx(16, 6)); // pixels fit a 16.6 activation
  });
});

describe('planLinearUnit', () => {
  const spec = 'vit:img=32,patch=8,dim=32,depth=2,heads=2,mlp=2,classes=10,experts=4,topk=2,expert-hidden=48,moe-blocks=1';
  const m = randomModel(spec, 2);

  it('bounds cover every call (experts per expert), tiles come from the plan', () => {
    const plan = planFromStructure(m.structure, { board });
    const model = buildCodegenModel(m.graph, m.structure, plan);
    const notes: string[] = [];
    const u = planLinearUnit(model, plan, notes);
    const uses = linearUses(model);
    // patch + block0 (qkv, proj, fc1, fc2) + block1 (qkv, proj, gate, expert fc1, expert fc2) + head
    expect(uses).toHaveLength(11);
    for (const x of uses) {
      expect(x.K).toBeLessThanOrEqual(u.maxK);
      expect(x.N).toBeLessThanOrEqual(u.maxN);
      expect(x.rows).toBeLessThanOrEqual(u.maxT);
    }
    expect(u.maxK).toBe(3 * 8 * 8); // the patch rows
    expect(u.maxN).toBe(3 * 32); // QKV
    expect(uses.filter((x) => x.N === 48)).toHaveLength(1); // one expert's fc1, not all 4 stacked
    expect(u.TI).toBe(Math.min(plan.tiles.linearIn, u.maxK));
    expect(u.TO).toBe(Math.min(plan.tiles.linearOut, u.maxN));
    expect(u.wType).toEqual(plan.precision.weight);
  });

  it('stores an overridden layer losslessly in the widened port, and resident weights first in their file', () => {
    // 12.0 fits inside the plan's 16.2: no widening
    const fits = planFromStructure(m.structure, { board, precision: parsePrecision('blocks.0.mlp.fc1=12.0') });
    const fitsNotes: string[] = [];
    expect(planLinearUnit(buildCodegenModel(m.graph, m.structure, fits), fits, fitsNotes).wType).toEqual(fits.precision.weight);
    expect(fitsNotes.join('\n')).not.toMatch(/weight port widened/);
    // 16.0 has more fraction bits than 16.2: the port widens to hold both
    const plan = planFromStructure(m.structure, { board, precision: parsePrecision('blocks.0.mlp.fc1=16.0') });
    const model = buildCodegenModel(m.graph, m.structure, plan);
    const fc1 = model.weights.find((w) => w.name === 'blocks.0.mlp.fc1_w')!;
    expect(fc1.type).toEqual(fx(16, 0));
    const notes: string[] = [];
    const u = planLinearUnit(model, plan, notes);
    expect(u.wType).toEqual(joinFixed(plan.precision.weight, fx(16, 0)));
    expect(u.wType.w).toBeGreaterThan(plan.precision.weight.w);
    expect(notes.join('\n')).toMatch(/weight port widened/);
    const unified = unifyLinearStorage(model, u);
    const after = unified.weights.find((w) => w.name === fc1.name)!;
    expect(after.type).toEqual(u.wType);
    const raw = new Float64Array(fc1.count);
    fc1.fill(raw);
    const stored = new Float64Array(fc1.count);
    after.fill(stored);
    // the stored values are the layer's own 16.0 rounding, and the port type keeps them exactly
    for (let i = 0; i < raw.length; i++) {
      expect(stored[i]).toBe(quantize(raw[i], fx(16, 0), WEIGHT_MODE));
      expect(quantize(stored[i], u.wType, WEIGHT_MODE)).toBe(stored[i]);
    }
    // resident tensors sit at the start of their group, contiguous
    const layout = layoutWeights(unified);
    for (const g of layout.groups) {
      const res = g.tensors.filter((t) => u.resident.has(t.name));
      res.forEach((t, i) => expect(t).toBe(g.tensors[i]));
    }
    expect([...u.resident].some((n) => n.endsWith('pos_embed'))).toBe(true);
  });
});
