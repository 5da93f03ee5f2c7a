import { describe, expect, it } from 'vitest';
import { parseArchSpec } from '../../../src-main/graph/arch-spec';
import { archToGraph } from '../../../src-main/graph/arch-graph';
import { recognise } from '../../../src-main/graph/recognise';
import { blockSummary } from '../../../src-main/graph/structure-summary';

describe('blockSummary', () => {
  it('groups layers into patch embed, encoder blocks and head with their sums', () => {
    const st = recognise(archToGraph(parseArchSpec('vit:img=32,patch=8,dim=32,depth=2,heads=2,classes=10,experts=4,topk=2')));
    const b = blockSummary(st);
    expect(b.map((x) => x.id)).toEqual(['patch_embed', 'blocks.0', 'blocks.1', 'head']);
    expect(b.map((x) => x.moe)).toEqual([false, false, true, false]);
    // final norm + classifier: 2·32 + 32·10 + 10
    expect(b[3].params).toBe(64 + 330);
    expect(b[3].layers).toEqual(['norm', 'head']);
    expect(b.reduce((a, x) => a + x.params, 0)).toBe(st.totals.params);
    expect(b.reduce((a, x) => a + x.macs, 0)).toBe(st.totals.macs);
    expect(b.reduce((a, x) => a + x.nodes, 0)).toBe(archToGraph(parseArchSpec('vit:img=32,patch=8,dim=32,depth=2,heads=2,classes=10,experts=4,topk=2')).nodes.length);
  });
});
