/**
 * Whole ViT / MoE-ViT models written like real exporters (tests/onnx-writer): imported, recognised,
 * compared with the structure the equivalent --arch spec gives, and executed by the reference executor
 * against onnxruntime-web (WASM).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-web';
import { buildMoeVit, buildVit, STYLES, type BuiltModel, type VitOptions } from '../../onnx-writer/vit';
import { importOnnxBuffer } from '../../../src-main/graph/onnx-import';
import { runPasses } from '../../../src-main/graph/passes';
import { recognise } from '../../../src-main/graph/recognise';
import { importModel } from '../../../src-main/graph/import-model';
import { parseArchSpec } from '../../../src-main/graph/arch-spec';
import { archToGraph } from '../../../src-main/graph/arch-graph';
import { execute } from '../../../src-main/graph/execute';
import type { Layer, ModelStructure } from '../../../src-main/graph/ir';

const TINY = { img: 32, patch: 8, dim: 32, depth: 2, heads: 2, mlp: 4, classes: 10 } as const;
const ARCH = 'vit:img=32,patch=8,dim=32,depth=2,heads=2,mlp=4,classes=10';
const MOE_ARCH = ',experts=4,topk=2,moe-blocks=1';
type Style = keyof typeof STYLES;
const styles = Object.keys(STYLES) as Style[];
const variants = [
  { label: 'dense', moe: undefined },
  { label: 'moe-stack', moe: { experts: 4, topk: 2, combine: 'stack' as const } },
  { label: 'moe-onehot', moe: { experts: 4, topk: 2, combine: 'onehot' as const } },
  { label: 'moe-batched', moe: { experts: 4, topk: 2, combine: 'batched' as const } },
];

function build(style: Style, moe?: VitOptions['moe'], extra: VitOptions = {}): BuiltModel {
  return moe ? buildMoeVit({ ...TINY, style, moe, ...extra }) : buildVit({ ...TINY, style, ...extra });
}

async function structureOf(m: BuiltModel): Promise<ModelStructure> {
  return recognise(runPasses(await importOnnxBuffer(m.writer.encode().model)));
}

/** What must agree between an imported model and its --arch twin. */
function summary(s: ModelStructure) {
  const pick = (l: Layer) => {
    const a = l.attrs;
    const attrs = Object.fromEntries(['tokens', 'dim', 'heads', 'headDim', 'hidden', 'experts', 'topk', 'gelu', 'patch', 'imgH', 'imgW', 'inChannels', 'classes', 'classToken']
      .filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
    return { name: l.name, kind: l.kind, block: l.block, inputShape: l.inputShape, outputShape: l.outputShape, params: l.params, macs: l.macs, attrs };
  };
  return { kind: s.kind, blocks: s.blocks, layers: s.layers.map(pick), totals: s.totals };
}

describe.each(styles)('%s-style export', (style) => {
  it.each(variants)('$label: recognised with no unplaced node, equal to the --arch structure', async ({ moe }) => {
    const st = await structureOf(build(style, moe));
    expect(st.unplaced).toEqual([]);
    const gelu = STYLES[style].gelu === 'tanh' ? ',gelu=tanh' : '';
    const twin = recognise(archToGraph(parseArchSpec(ARCH + gelu + (moe ? MOE_ARCH : ''))));
    expect(summary(st)).toEqual(summary(twin));
    for (const l of st.layers.filter((x) => x.kind === 'layernorm')) expect(l.attrs.eps as number).toBeCloseTo(1e-6, 9);
  });
});

describe('exporter variants', () => {
  it('records how each export wrote its parts', async () => {
    const hf = await structureOf(build('hf', { experts: 4, topk: 2, combine: 'onehot' }));
    const attn = hf.layers.find((l) => l.kind === 'attention')!;
    expect(attn.attrs.qkvLayout).toBe('separate');
    expect(Object.keys(attn.weights).sort()).toEqual(['k_b', 'k_w', 'proj_b', 'proj_w', 'q_b', 'q_w', 'v_b', 'v_w']);
    expect(attn.attrs.scale as number).toBeCloseTo(0.25, 6); // Div by √16
    expect(hf.layers.find((l) => l.kind === 'moe')!.attrs.gateOrder).toBe('topk-softmax');
    const legacy = await structureOf(build('legacy'));
    expect(legacy.layers.filter((l) => l.kind === 'layernorm').every((l) => l.attrs.form === 'decomposed')).toBe(true);
    expect(legacy.layers.find((l) => l.kind === 'mlp')!.attrs.gelu).toBe('tanh');
    expect(legacy.layers.find((l) => l.kind === 'attention')!.attrs.scale as number).toBeCloseTo(0.25, 6); // q pre-scaled
    const st = await structureOf(build('static'));
    expect(st.layers[0].attrs.form).toBe('matmul');
    expect(st.layers.find((l) => l.kind === 'head')!.attrs.pool).toBe('mean');
    const timm = await structureOf(build('timm'));
    expect(timm.layers[0].attrs.form).toBe('conv');
    expect(timm.layers.find((l) => l.kind === 'attention')!.attrs.qkvLayout).toBe('fused');
    expect(timm.layers.find((l) => l.kind === 'head')!.weights).toEqual({ fc_w: 'head.weight', fc_b: 'head.bias' });
  });

  it.each([
    ['2-D Gemm linears', { linear: 'gemm' }, ''],
    ['SDPA-style √scale on q and Kᵀ', { scale: 'sdpa' }, ''],
    ['no class token, mean-pooled head', { classToken: false, pool: 'mean' }, ',class-token=0'],
  ] as Array<[string, VitOptions, string]>)('%s: equal to the --arch structure', async (_label, extra, archExtra) => {
    const moe = { experts: 4, topk: 2, combine: 'onehot' as const };
    const st = await structureOf(build('timm', moe, extra));
    expect(st.unplaced).toEqual([]);
    expect(summary(st)).toEqual(summary(recognise(archToGraph(parseArchSpec(ARCH + MOE_ARCH + archExtra)))));
    expect(st.layers.find((l) => l.kind === 'attention')!.attrs.scale as number).toBeCloseTo(0.25, 6);
  });

  it('recognises the opset-20 Gelu op', async () => {
    const st = await structureOf(build('timm', undefined, { gelu: 'op' }));
    expect(st.unplaced).toEqual([]);
    expect(st.layers.filter((l) => l.kind === 'mlp').map((l) => l.attrs.gelu)).toEqual(['op', 'op']);
  });

  it('places the Shape/Gather/Unsqueeze/Concat plumbing in the layer that consumes it when it is not folded', async () => {
    const m = build('timm', { experts: 4, topk: 2 });
    const raw = await importOnnxBuffer(m.writer.encode().model);
    const folded = runPasses(raw);
    const unfolded = runPasses(raw, { fold: false });
    // Shapes as folding found them, on the unfolded graph (same tensor names).
    for (const [k, v] of folded.values) if (!unfolded.values.get(k)?.shape) unfolded.values.set(k, v);
    const st = recognise(unfolded);
    expect(unfolded.nodes.some((n) => n.opType === 'Shape')).toBe(true);
    expect(st.unplaced).toEqual([]);
    const attn = st.layers.find((l) => l.name === 'blocks.0.attn')!;
    const ops = new Set(attn.nodes.map((n) => unfolded.nodes.find((x) => x.name === n)!.opType));
    expect([...ops]).toEqual(expect.arrayContaining(['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Reshape', 'Softmax']));
    expect(summary(st)).toEqual(summary(recognise(folded)));
  });

  it('lists nodes it cannot place', async () => {
    const m = build('timm');
    const g = runPasses(await importOnnxBuffer(m.writer.encode().model));
    // A stray side computation on the patch tokens that feeds nothing the patterns own.
    const src = g.nodes.find((n) => n.opType === 'Softmax')!;
    g.nodes.push({ name: 'stray_sigmoid', opType: 'Sigmoid', domain: '', inputs: [src.outputs[0]], outputs: ['stray_out'], attrs: {} });
    g.outputs.push({ name: 'stray_out', dtype: 'float32', shape: [1, 2, 17, 17] });
    expect(recognise(g).unplaced).toEqual([{ name: 'stray_sigmoid', opType: 'Sigmoid' }]);
  });
});

describe('full-size M³ViT-T', () => {
  it('an exported M³ViT-T (non-square 128×256, MoE in odd blocks, one-hot combine) equals the m3vit-t preset', async () => {
    const m = buildMoeVit({ style: 'hf', img: [128, 256], patch: 16, dim: 192, depth: 12, heads: 3, hidden: 768, classes: 0, moe: { experts: 16, topk: 2, hidden: 384, combine: 'onehot' } });
    const st = await structureOf(m);
    expect(st.unplaced).toEqual([]);
    expect(summary(st)).toEqual(summary((await importModel({ preset: 'm3vit-t' })).structure));
  }, 60_000);
});

describe('files on disk', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'fw-vit-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a model whose external-data file is missing, for structure', async () => {
    const m = build('timm', { experts: 4, topk: 2 });
    const file = m.writer.write(dir, 'ext.onnx', { external: true });
    const full = await importModel(file);
    unlinkSync(`${file}.data`);
    const bare = await importModel(file);
    expect(summary(bare.structure)).toEqual(summary(full.structure));
    expect(bare.graph.warnings.join('\n')).toContain('ext.onnx.data');
    const w = bare.graph.initializers.get(bare.structure.layers.find((l) => l.kind === 'mlp')!.weights.fc1_w)!;
    expect(w.data).toBeUndefined();
  });

  it('importModel takes a spec string, a preset or a file', async () => {
    const a = await importModel(`${ARCH}${MOE_ARCH}`);
    const b = await importModel({ preset: 'vit-tiny' });
    expect(a.structure.kind).toBe('moe-vit');
    expect(b.structure.blocks).toBe(12);
    await expect(importModel({ file: 'x.onnx', arch: ARCH })).rejects.toThrow(/exactly one/);
  });
});

describe('reference executor against onnxruntime-web', () => {
  beforeAll(() => { ort.env.wasm.numThreads = 1; });
  const cases: Array<[Style, VitOptions['moe'] | undefined, VitOptions]> = [
    ['timm', undefined, {}],
    ['hf', { experts: 4, topk: 2, combine: 'stack' }, {}],
    ['timm', { experts: 4, topk: 2, combine: 'onehot' }, { linear: 'gemm', scale: 'sdpa', classToken: false, pool: 'mean' }],
    ['legacy', { experts: 4, topk: 2, combine: 'onehot' }, {}],
    ['hf', { experts: 4, topk: 2, combine: 'batched' }, {}],
    ['static', { experts: 4, topk: 2, combine: 'stack' }, {}],
  ];
  it.each(cases)('%s %o %o: outputs agree at rtol 1e-4 / atol 1e-5', async (style, moe, extra) => {
    const m = build(style, moe, { seed: 7, ...extra });
    const bytes = m.writer.encode().model;
    const graph = runPasses(await importOnnxBuffer(bytes));
    const n = m.inputShape.reduce((a, b) => a * b, 1);
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 1.5);
    const ours = execute(graph, new Map([[m.input, { name: m.input, dtype: 'float32', dims: m.inputShape, data: x }]])).get(m.output)!;
    const sess = await ort.InferenceSession.create(bytes);
    const ref = (await sess.run({ [m.input]: new ort.Tensor('float32', x, m.inputShape) }))[m.output];
    await sess.release();
    expect(ours.dims).toEqual([...ref.dims]);
    const a = ours.data as Float32Array;
    const b = ref.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) - (1e-5 + 1e-4 * Math.abs(b[i])));
    expect(worst).toBeLessThanOrEqual(0);
  });
});
