/**
 * Hand-built ModelStructures for the estimate/plan/dse tests (independent of the graph recogniser, so a
 * change there cannot silently change these expectations). Layer names follow timm's ViT.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layer, ModelStructure } from '../../../src-main/graph/ir';
import type { BoardSpec } from '../../../src-main/boards/board-spec';
import { loadBoard } from '../../../src-main/boards/registry';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');

export interface VitCfg {
  imgH: number;
  imgW: number;
  patch: number;
  dim: number;
  depth: number;
  heads: number;
  hidden: number;
  classes: number;
  experts?: number;
  topk?: number;
  expertHidden?: number;
  moeBlocks?: number[];
  inChannels?: number;
}

export const M3VIT_T: VitCfg = { imgH: 128, imgW: 256, patch: 16, dim: 192, depth: 12, heads: 3, hidden: 768, classes: 0, experts: 16, topk: 2, expertHidden: 384, moeBlocks: [1, 3, 5, 7, 9, 11] };
/** The M³ViT-size check: vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4,experts=16,topk=4,moe-every=2 */
export const M3VIT_SIZE: VitCfg = { imgH: 224, imgW: 224, patch: 16, dim: 384, depth: 12, heads: 6, hidden: 1536, classes: 1000, experts: 16, topk: 4, expertHidden: 1536, moeBlocks: [1, 3, 5, 7, 9, 11] };

export function vitStructure(c: VitCfg, name = 'vit'): ModelStructure {
  const C = c.inChannels ?? 3;
  const patches = (c.imgH / c.patch) * (c.imgW / c.patch);
  const T = patches + 1;
  const d = c.dim;
  const layers: Layer[] = [];
  const L = (name: string, kind: Layer['kind'], block: number, params: number, macs: number, attrs: Layer['attrs']): void => {
    layers.push({ name, kind, block, inputShape: [1, T, d], outputShape: [1, T, d], params, macs, nodes: [], weights: {}, attrs: { tokens: T, dim: d, ...attrs } });
  };
  L('patch_embed', 'patch-embed', -1, C * c.patch * c.patch * d + d + T * d + d, patches * C * c.patch * c.patch * d, { patch: c.patch, imgH: c.imgH, imgW: c.imgW, inChannels: C, classToken: true });
  for (let b = 0; b < c.depth; b++) {
    const hd = d / c.heads;
    L(`blocks.${b}.norm1`, 'layernorm', b, 2 * d, 0, { eps: 1e-6 });
    L(`blocks.${b}.attn`, 'attention', b, 4 * d * d + 4 * d, T * d * 4 * d + 2 * c.heads * T * T * hd, { heads: c.heads, headDim: hd });
    L(`blocks.${b}.residual1`, 'residual', b, 0, 0, {});
    L(`blocks.${b}.norm2`, 'layernorm', b, 2 * d, 0, { eps: 1e-6 });
    if (c.experts && c.moeBlocks?.includes(b)) {
      const h = c.expertHidden ?? c.hidden;
      L(`blocks.${b}.moe`, 'moe', b, c.experts * (2 * d * h + h + d) + d * c.experts, T * d * c.experts + T * (c.topk ?? 1) * 2 * d * h, { experts: c.experts, topk: c.topk, hidden: h });
    } else {
      L(`blocks.${b}.mlp`, 'mlp', b, 2 * d * c.hidden + c.hidden + d, T * 2 * d * c.hidden, { hidden: c.hidden, gelu: 'erf' });
    }
    L(`blocks.${b}.residual2`, 'residual', b, 0, 0, {});
  }
  L('norm', 'layernorm', -1, 2 * d, 0, { eps: 1e-6 });
  if (c.classes) L('head', 'head', -1, d * c.classes + c.classes, d * c.classes, { classes: c.classes });
  const totals = layers.reduce((t, l) => ({ params: t.params + l.params, macs: t.macs + l.macs }), { params: 0, macs: 0 });
  return { name, layers, blocks: c.depth, unplaced: [], totals, kind: c.experts ? 'moe-vit' : 'vit' };
}

export const zcu102 = (): BoardSpec => loadBoard('zcu102');

/** A small ZU+-like board: 3.2 GB/s DRAM, 100 MHz default (25.6 B/cycle with the 0.8 efficiency). */
export const tinyBoard: BoardSpec = {
  id: 'tiny', name: 'Tiny', vendor: 'test', family: 'zynq-ultrascale+', part: 'xczu-test',
  resources: { lut: 100_000, ff: 200_000, dsp: 500, bram18k: 400, uram: 0 },
  dspType: 'DSP48E2', clocks: { defaultMHz: 100, maxMHz: 300 },
  memory: { kind: 'DDR', bytesPerSecond: 3.2e9 },
  serial: { usb: [], console: 'ttyPS0', baud: 115200 },
  power: { rails: [], method: 'none' }, provenance: {}, linux: true,
};
