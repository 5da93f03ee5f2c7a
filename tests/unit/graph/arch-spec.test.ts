import { describe, expect, it } from 'vitest';
import { formatArchSpec, parseArchSpec, presetSpec, PRESETS } from '../../../src-main/graph/arch-spec';
import { archToGraph } from '../../../src-main/graph/arch-graph';
import { recognise } from '../../../src-main/graph/recognise';
import { WorkbenchError } from '../../../src-main/core/errors';

function err(fn: () => unknown): WorkbenchError {
  try { fn(); } catch (e) { return e as WorkbenchError; }
  throw new Error('expected an error');
}

describe('parseArchSpec', () => {
  it('parses the vit form with MoE fields', () => {
    const s = parseArchSpec('vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4,experts=16,topk=4,moe-every=2');
    expect(s).toMatchObject({ imgH: 224, imgW: 224, patch: 16, dim: 384, depth: 12, heads: 6, mlpHidden: 1536, experts: 16, topk: 4, expertHidden: 1536, inChannels: 3, classes: 1000 });
    expect(s.moeBlocks).toEqual([1, 3, 5, 7, 9, 11]);
  });
  it('accepts non-square images, expert hidden size and an explicit block list', () => {
    const s = parseArchSpec('vit:img=128x256,patch=16,dim=192,depth=6,heads=3,mlp=4,experts=8,topk=2,expert-hidden=384,moe-blocks=1,3,5,in-ch=1,classes=0');
    expect([s.imgH, s.imgW, s.expertHidden, s.inChannels, s.classes]).toEqual([128, 256, 384, 1, 0]);
    expect(s.moeBlocks).toEqual([1, 3, 5]);
  });
  it('moe-every=3 puts experts in blocks 2, 5, 8', () => {
    expect(parseArchSpec('vit:img=32,patch=8,dim=32,depth=9,heads=2,experts=4,moe-every=3').moeBlocks).toEqual([2, 5, 8]);
  });
  it('has the named presets with the published M3ViT-T shape', () => {
    const m = presetSpec('m3vit-t');
    expect(m).toMatchObject({ imgH: 128, imgW: 256, patch: 16, dim: 192, depth: 12, heads: 3, mlpHidden: 768, experts: 16, topk: 2, expertHidden: 384 });
    expect(m.moeBlocks).toEqual([1, 3, 5, 7, 9, 11]);
    expect(presetSpec('vit-tiny')).toMatchObject({ imgH: 224, patch: 16, dim: 192, depth: 12, heads: 3, mlpHidden: 768, experts: 0 });
    expect(presetSpec('vit-small')).toMatchObject({ dim: 384, heads: 6, mlpHidden: 1536 });
    expect(presetSpec('vit-base')).toMatchObject({ dim: 768, heads: 12, mlpHidden: 3072 });
    expect(Object.keys(PRESETS)).toEqual(expect.arrayContaining(['m3vit-t', 'vit-tiny', 'vit-small', 'vit-base']));
  });
  it('lets a preset be overridden field by field', () => {
    expect(parseArchSpec('m3vit-t:topk=4').topk).toBe(4);
  });
  it('round-trips through the canonical form', () => {
    for (const name of Object.keys(PRESETS)) {
      const s = presetSpec(name);
      expect({ ...parseArchSpec(formatArchSpec(s)), base: s.base }).toEqual(s);
    }
  });
  it.each([
    ['vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4,colour=red', 'colour'],
    ['vit:img=224,patch=15,dim=384,depth=12,heads=6', 'patch'],
    ['vit:img=224,patch=16,dim=384,depth=12,heads=5', 'heads'],
    ['vit:img=224,patch=16,dim=384,depth=twelve,heads=6', 'depth'],
    ['vit:img=224,patch=16,depth=12,heads=6', 'dim'],
    ['vit:img=2x2x2,patch=16,dim=384,depth=12,heads=6', 'img'],
    ['vit:img=224,patch=16,dim=384,depth=12,heads=6,experts=4,topk=5', 'topk'],
    ['vit:img=224,patch=16,dim=384,depth=12,heads=6,topk=2', 'topk'],
    ['vit:img=224,patch=16,dim=384,depth=4,heads=6,experts=4,moe-blocks=1,7', 'moe-blocks'],
    ['resnet:img=224', 'arch'],
    ['vit:img=224,patch=16,dim=384,depth=12,heads=6,class-token=2', 'class-token'],
  ])('rejects %s naming field %s', (text, field) => {
    const e = err(() => parseArchSpec(text));
    expect(e).toBeInstanceOf(WorkbenchError);
    expect(e.code).toBe('E_INPUT');
    expect(e.context.field).toBe(field);
    expect(e.message).toContain(field);
  });
});

describe('archToGraph + recognise', () => {
  // Tiny model worked by hand: T = (32/8)^2 + 1 = 17 tokens, D = 32, 2 heads of 16, MLP hidden 128, 10 classes.
  const tiny = 'vit:img=32,patch=8,dim=32,depth=2,heads=2,mlp=4,classes=10';
  it('gives the hand-counted layers, params and MACs of a tiny ViT', () => {
    const st = recognise(archToGraph(parseArchSpec(tiny)));
    expect(st.kind).toBe('vit');
    expect(st.blocks).toBe(2);
    expect(st.unplaced).toEqual([]);
    expect(st.layers.map((l) => l.kind)).toEqual(['patch-embed',
      'layernorm', 'attention', 'residual', 'layernorm', 'mlp', 'residual',
      'layernorm', 'attention', 'residual', 'layernorm', 'mlp', 'residual', 'layernorm', 'head']);
    const by = (n: string) => st.layers.find((l) => l.name === n)!;
    // conv 32·3·8·8 + bias 32 + class token 32 + position 17·32; 16 patches × 32 outputs × 192 inputs
    expect(by('patch_embed').params).toBe(6144 + 32 + 32 + 544);
    expect(by('patch_embed').macs).toBe(16 * 32 * 192);
    // qkv 32·96 + 96, proj 32·32 + 32; qkv 17·32·96, QKᵀ and AV 2·17·17·16 each, proj 17·32·32
    expect(by('blocks.0.attn').params).toBe(3072 + 96 + 1024 + 32);
    expect(by('blocks.0.attn').macs).toBe(52224 + 9248 + 9248 + 17408);
    expect(by('blocks.0.attn').attrs).toMatchObject({ tokens: 17, dim: 32, heads: 2, headDim: 16, qkvLayout: 'fused' });
    expect(by('blocks.0.mlp').params).toBe(4096 + 128 + 4096 + 32);
    expect(by('blocks.0.mlp').macs).toBe(2 * 17 * 32 * 128);
    expect(by('blocks.0.mlp').attrs).toMatchObject({ hidden: 128, gelu: 'erf' });
    expect(by('blocks.1.norm2').params).toBe(64);
    expect(by('head').params).toBe(330);
    expect(by('head').outputShape).toEqual([1, 10]);
    expect(st.totals.params).toBe(6752 + 2 * (64 + 4224 + 64 + 8352) + 64 + 330);
    expect(st.totals.macs).toBe(98304 + 2 * (88128 + 139264) + 320);
  });
  it('counts routed MoE MACs (gate + top-k experts per token), not the dense dispatch', () => {
    const st = recognise(archToGraph(parseArchSpec(`${tiny},experts=4,topk=2`)));
    expect(st.kind).toBe('moe-vit');
    const moe = st.layers.find((l) => l.kind === 'moe')!;
    expect(moe.block).toBe(1);
    expect(moe.attrs).toMatchObject({ experts: 4, topk: 2, hidden: 128 });
    expect(moe.params).toBe(32 * 4 + 4 + 4 * 8352);
    expect(moe.macs).toBe(17 * 32 * 4 + 17 * 2 * (32 * 128 * 2));
    expect(moe.attrs.denseMacs as number).toBeGreaterThan(moe.macs);
  });
  it('M3ViT-T preset: 129 tokens, ~0.78 G MACs as anchors.md states, no head', () => {
    const st = recognise(archToGraph(presetSpec('m3vit-t')));
    expect(st.unplaced).toEqual([]);
    expect(st.layers.filter((l) => l.kind === 'moe').map((l) => l.block)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(st.layers.filter((l) => l.kind === 'mlp').map((l) => l.block)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(st.layers.find((l) => l.kind === 'attention')!.attrs.tokens).toBe(129);
    expect(st.layers.some((l) => l.kind === 'head')).toBe(false);
    expect(Math.abs(st.totals.macs / 0.78e9 - 1)).toBeLessThan(0.02);
  });
  it('class-token=0: patches only, mean-pooled head', () => {
    const st = recognise(archToGraph(parseArchSpec(`${tiny},class-token=0`)));
    expect(st.unplaced).toEqual([]);
    expect(st.layers[0].attrs).toMatchObject({ tokens: 16, classToken: false });
    expect(st.layers.find((l) => l.kind === 'head')!.attrs.pool).toBe('mean');
  });
  it('records the exporter scope of each layer', () => {
    const st = recognise(archToGraph(parseArchSpec(tiny)));
    expect(st.layers.find((l) => l.name === 'blocks.1.attn')!.attrs.scope).toBe('/blocks.1/attn');
  });
  it('declares weights without data and keeps shape constants', () => {
    const g = archToGraph(parseArchSpec(tiny));
    const w = g.initializers.get('blocks.0.attn.qkv.weight_t')!;
    expect(w.dims).toEqual([32, 96]);
    expect(w.data).toBeUndefined();
    expect(g.initializers.get('/blocks.0/attn/Reshape_shape')!.data).toBeDefined();
  });
});
