/**
 * The generated top has ONE linear compute unit (issue 6): a single wrapper around one
 * fwb::linear_unit instantiation, limited to one hardware instance, through which every linear layer
 * — patch embedding, QKV, projection, MLP, MoE gate and experts, head — is dispatched with runtime
 * sizes. Mixed weight precisions keep their values (wider port), on-chip placements are followed, the
 * plan's attnDim folds the head dimension; all of it still matches the float reference in csim.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { randomModel } from './random-model';
import { tmpDir } from '../../helpers/tmp';
import { loadBoard } from '../../../src-main/boards/registry';
import { planFromStructure } from '../../../src-main/plan/from-graph';
import { parsePrecision } from '../../../src-main/plan/precision';
import { DEFAULT_TILES } from '../../../src-main/plan/tiles';
import { generateFiles } from '../../../src-main/codegen/generate';
import { generateFromModel } from '../../../src-main/codegen/from-model';
import { joinFixed } from '../../../src-main/codegen/linear-unit';
import '../../../src-main/csim/compare';
import { csimProject } from '../../../src-main/csim/csim-project';

const board = loadBoard('zcu102');
const topOf = (g: ReturnType<typeof generateFiles>): string => String(g.files.find((f) => f.path === 'src/top.cpp')!.data);

/** Structural facts every generated top must have: exactly one linear unit, everything through it. */
function expectOneLinearUnit(top: string, calls: number): void {
  expect(top.match(/^static void linear_unit\(/gm)).toHaveLength(1);
  expect(top.match(/fwb::linear_unit</g)).toHaveLength(1);
  expect(top.match(/#pragma HLS ALLOCATION function instances = linear_unit limit = 1/g)).toHaveLength(1);
  expect(top).toMatch(/static void linear_unit\([^)]*\) \{\n#pragma HLS INLINE off/);
  // no other linear instantiation anywhere (the old per-shape template is gone from hls/linear.h)
  expect(top).not.toMatch(/fwb::linear</);
  expect(top).not.toMatch(/fwb::(moe|patch_embed)</);
  expect(top.match(/^\s+linear_unit\(/gm)).toHaveLength(calls);
}

describe('one unified linear compute unit', () => {
  it('ViT: patch embedding, QKV, projection, fc1, fc2 of every block and the head all dispatch through it', () => {
    const depth = 3;
    const m = randomModel(`vit:img=32,patch=8,dim=32,depth=${depth},heads=2,mlp=2,classes=10`, 3);
    const g = generateFiles({ ...m, plan: planFromStructure(m.structure, { board }), board });
    const top = topOf(g);
    expectOneLinearUnit(top, 1 + 4 * depth + 1);
    // the patch embedding is im2col rows on the unit; GELU is the unit's epilogue for fc1 only
    expect(top).toMatch(/unit_patch_im2col_0\(image, &\w+\[0\]\[0\]\);\n {2}linear_unit\(/);
    expect(top.match(/fwb::ACT_GELU/g)).toHaveLength(depth);
    // runtime sizes: K and N differ between call sites of the same function
    const kn = new Set([...top.matchAll(/^\s+linear_unit\((?:[^,]+,){9}\s*(\d+),\s*(\d+),/gm)].map((x) => `${x[1]}x${x[2]}`));
    expect(kn).toEqual(new Set(['192x32', '32x96', '32x32', '32x64', '64x32', '32x10']));
  });

  it('MoE-ViT: the gate and every expert run on the same unit, expert by expert, and csim matches the float model with attnDim folding and a mixed weight precision', async () => {
    const spec = 'vit:img=32,patch=8,dim=32,depth=2,heads=2,mlp=2,classes=10,experts=4,topk=2,expert-hidden=48,moe-blocks=1';
    const m = randomModel(spec, 12);
    // patch embedding weights at ap_fixed<16,0> while the plan's weight type is ap_fixed<16,2>:
    // the unit's port must widen to hold both exactly
    const precision = parsePrecision('patch_embed.proj=16.0');
    const plan = planFromStructure(m.structure, { board, precision, tiles: { ...DEFAULT_TILES, attnDim: 4 } });
    const { dir, cleanup } = tmpDir('fwb-lu-moe-');
    try {
      const g = await generateFromModel(m.graph, m.structure, path.join(dir, 'p'), { board, plan });
      const top = String(g.files.find((f) => f.path === 'src/top.cpp')!.data);
      // patch 1 + block 0 (qkv, proj, fc1, fc2) + block 1 (qkv, proj, gate, expert fc1, expert fc2) + head 1
      expectOneLinearUnit(top, 1 + 4 + 5 + 1);
      const loop = top.slice(top.indexOf('for (int e = 0; e < 4; e++)'));
      expect(loop.match(/^\s+linear_unit\([^;]*e \* \d+[^;]*;/gm)).toHaveLength(2);
      expect(top).toMatch(/linear_unit\(&HN\[0\]\[0\], &Y\[0\]\[0\], &GL\[0\]\[0\],[^;]*, 32, 4, fwb::ACT_NONE, 1\);/);
      // head dimension 16 folded in chunks of attnDim = 4
      expect(top).toMatch(/fwb::attention<FWB_TOKENS, 2, 16, \d+, \d+, 4,/);
      const widened = joinFixed(plan.precision.weight, { w: 16, i: 0, signed: true });
      expect(widened).toEqual({ w: 18, i: 2, signed: true });
      expect(g.manifest.notes.join('\n')).toMatch(/weight port widened from ap_fixed<16, 2> to ap_fixed<18, 2>/);
      expect(g.manifest.weights.some((w) => w.type === 'ap_fixed<18, 2>')).toBe(true);
      const r = await csimProject(path.join(dir, 'p'), { buildDir: path.join(dir, 'build') });
      expect(r.errors).toEqual([]);
      expect(r.comparisons?.[0].cosine).toBeGreaterThanOrEqual(0.999);
      expect(r.pass).toBe(true);
    } finally {
      cleanup();
    }
  }, 120_000);

  it('keeps the weights the plan places on chip in resident arrays loaded once, streams the rest', () => {
    const m = randomModel('vit:img=32,patch=8,dim=32,depth=2,heads=2,mlp=2,classes=10', 3);
    const plan = planFromStructure(m.structure, { board });
    const onChip = plan.kernels.filter((k) => k.weights.count > 0 && k.weights.placement !== 'ddr' && k.unit === 'linear');
    expect(onChip.length).toBeGreaterThan(0); // the head: 1 row per image, memory-bound when streamed
    const g = generateFiles({ ...m, plan, board });
    const top = topOf(g);
    expect(g.manifest.warnings).toEqual([]);
    expect(top).toMatch(/static bool resident_loaded = false;/);
    for (const k of onChip) {
      // the call of that layer passes resident = 1 (the argument after the weight offset)
      const re = new RegExp(`linear_unit\\([^;]*OFF_${k.layer.replace(/\W/g, '_')}_\\w*_w, 1,`);
      expect(top).toMatch(re);
    }
    // every other linear streams: resident = 0
    expect(top.match(/OFF_\w+_w(?: \+ [^,]+)?, 0,/g)!.length).toBe(1 + 4 * 2 + 1 - onChip.length);
    // all on DDR when the plan says so: no resident linear weights
    const ddr = { ...plan, kernels: plan.kernels.map((k) => (k.unit === 'linear' ? { ...k, weights: { ...k.weights, placement: 'ddr' as const } } : k)) };
    expect(topOf(generateFiles({ ...m, plan: ddr, board })).match(/OFF_\w+_w(?: \+ [^,]+)?, 1,/g)).toBeNull();
  });
});
