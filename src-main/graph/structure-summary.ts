/**
 * Per-block view of a recognised structure, for the model picture (collapsed patch embed, N × encoder
 * block, head) and the per-block MACs / parameter chart.
 */
import type { ModelStructure } from './ir';

export interface BlockSummary {
  id: string; // 'patch_embed' | 'blocks.3' | 'head'
  kind: 'patch-embed' | 'block' | 'head';
  block: number; // -1 outside encoder blocks
  /** The block holds a mixture of experts. */
  moe: boolean;
  layers: string[];
  params: number;
  macs: number;
  nodes: number;
}

export function blockSummary(s: ModelStructure): BlockSummary[] {
  const out: BlockSummary[] = [];
  const byId = new Map<string, BlockSummary>();
  for (const l of s.layers) {
    const id = l.block >= 0 ? `blocks.${l.block}` : l.kind === 'patch-embed' ? 'patch_embed' : 'head';
    let b = byId.get(id);
    if (!b) {
      b = { id, kind: l.block >= 0 ? 'block' : l.kind === 'patch-embed' ? 'patch-embed' : 'head', block: l.block, moe: false, layers: [], params: 0, macs: 0, nodes: 0 };
      byId.set(id, b);
      out.push(b);
    }
    b.layers.push(l.name);
    b.params += l.params;
    b.macs += l.macs;
    b.nodes += l.nodes.length;
    if (l.kind === 'moe') b.moe = true;
  }
  return out;
}
