/**
 * A small ViT / MoE-ViT with random weights for codegen tests: the arch-spec graph (the same nodes a
 * torch export gives) with every initializer filled from a seeded generator — weights ~ U(±sqrt(3/fan_in))
 * (unit-variance outputs), LayerNorm gamma ≈ 1, biases, class token and position embedding small.
 */
import { parseArchSpec } from '../../../src-main/graph/arch-spec';
import { archToGraph } from '../../../src-main/graph/arch-graph';
import { recognise } from '../../../src-main/graph/recognise';
import type { Graph, ModelStructure } from '../../../src-main/graph/ir';
import { numel } from '../../../src-main/graph/ir';
import { mulberry32 } from '../../../src-main/core/rng';


export function fillRandomWeights(g: Graph, seed = 1): Graph {
  const r = mulberry32(seed);
  for (const [name, t] of g.initializers) {
    if (t.data || t.dtype !== 'float32') continue;
    const n = numel(t.dims);
    const d = new Float32Array(n);
    const u = () => 2 * r() - 1;
    if (/norm\d?\.weight$|norm\.weight$/.test(name)) for (let i = 0; i < n; i++) d[i] = 1 + 0.1 * u();
    else if (/bias$|cls_token|pos_embed|norm/.test(name)) for (let i = 0; i < n; i++) d[i] = 0.05 * u();
    else {
      const fanIn = t.dims.length === 4 ? t.dims[1] * t.dims[2] * t.dims[3] : /weight_t$/.test(name) ? t.dims[0] : t.dims[t.dims.length - 1];
      const a = Math.sqrt(3 / fanIn);
      for (let i = 0; i < n; i++) d[i] = a * u();
    }
    t.data = d;
  }
  return g;
}

export function randomModel(spec: string, seed = 1): { graph: Graph; structure: ModelStructure } {
  const graph = fillRandomWeights(archToGraph(parseArchSpec(spec)), seed);
  return { graph, structure: recognise(graph) };
}
