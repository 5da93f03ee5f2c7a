/**
 * recognise: a Graph (imported, or built from an --arch spec) → the ViT / MoE-ViT structure the rest of
 * the workbench plans with. It walks the residual stream of a pre-norm encoder: every LayerNorm on the
 * stream opens a sub-layer whose nodes are the region between the norm's output and the residual Add;
 * the region is then named by the pattern it matches (attention, MLP, MoE). What lies before the first
 * norm is the patch embedding; what follows the last is the head. Shape plumbing (Shape/Gather/Concat
 * chains, constants) feeding a layer belongs to that layer; anything else left over is reported.
 */
import type { Graph, Layer, LayerAttrs, LayerKind, ModelStructure } from './ir';
import { GraphIndex } from './patterns/graph-index';
import type { LayerNormMatch } from './patterns/layer-norm';
import { matchLayerNorms } from './patterns/layer-norm';
import type { LinearMatch } from './patterns/linear';
import { matchAttention } from './patterns/attention';
import { matchMlp } from './patterns/mlp';
import { matchMoe } from './patterns/moe';
import { matchPatchEmbed } from './patterns/patch-embed';
import { matchHead } from './patterns/head';
import { matchResidual } from './patterns/residual';
import type { Region } from './patterns/region';
import { makeRegion, regionMacs, regionParams } from './patterns/region';

/** Ops that pass the stream through unchanged (exporters leave them between blocks). */
const PASS_THROUGH = new Set(['Identity', 'Dropout', 'Cast']);

export function recognise(graph: Graph): ModelStructure {
  const idx = new GraphIndex(graph);
  const layers: Layer[] = [];
  const owner = new Map<string, number>(); // node name → index in layers
  const claim = (layer: Layer, nodes: Iterable<string>) => {
    const i = layers.length;
    const mine: string[] = [];
    for (const n of nodes) if (!owner.has(n)) { owner.set(n, i); mine.push(n); }
    layer.nodes = mine;
    layers.push(layer);
  };

  const lns = matchLayerNorms(idx);
  const lnByInput = new Map<string, LayerNormMatch>();
  for (const ln of lns) if (!lnByInput.has(ln.input)) lnByInput.set(ln.input, ln);
  const inputNames = graph.inputs.filter((i) => !graph.initializers.has(i.name)).map((i) => i.name);
  const fromInputs = idx.descendants(inputNames);
  const first = lns
    .filter((ln) => fromInputs.has(idx.producer.get(ln.input)?.name ?? '') || inputNames.includes(ln.input))
    .sort((a, b) => idx.order.get(a.nodes[0])! - idx.order.get(b.nodes[0])!)[0];

  let blocks = 0;
  if (first) {
    const embed = makeRegion(idx, inputNames, first.input);
    const pe = matchPatchEmbed(idx, embed);
    if (pe) {
      claim(layer('patch_embed', 'patch-embed', -1, idx, embed, {
        patch: pe.patch, imgH: pe.imgH, imgW: pe.imgW, inChannels: pe.inChannels, dim: pe.dim, tokens: pe.tokens,
        classToken: pe.classToken, extraTokens: pe.extraTokens, form: pe.form, layout: pe.layout,
      }, pe.weights, regionMacs(idx, embed.nodes)), embed.nodes.map((n) => n.name));
    }

    let s = first.input;
    let pos = 0; // sub-layers seen in the current block
    let finalNorm: LayerNormMatch | undefined;
    for (;;) {
      const ln = lnByInput.get(s);
      if (!ln) {
        const c = idx.consumersOf(s).filter((n) => PASS_THROUGH.has(n.opType));
        if (c.length === 1) { s = c[0].outputs[0]; continue; }
        break;
      }
      const res = matchResidual(idx, s, ln.output);
      if (!res) { finalNorm = ln; break; }
      const region = makeRegion(idx, ln.output, res.branch);
      const b = blocks;
      const tag = `${pos + 1}`;
      const tokens = tokensOf(idx, s);
      claim(normLayer(`blocks.${b}.norm${tag}`, b, idx, ln, tokens), ln.nodes);
      const att = matchAttention(idx, region);
      const moe = att ? undefined : matchMoe(idx, region);
      const mlp = att || moe ? undefined : matchMlp(idx, region);
      let closesBlock = false;
      if (att) {
        const w: Record<string, string> = {};
        const layout: Record<string, string> = {};
        const roles = att.qkvLayout === 'fused' ? ['qkv'] : ['q', 'k', 'v'];
        att.qkv.forEach((l, i) => addLinear(w, layout, roles[i], l));
        addLinear(w, layout, 'proj', att.proj);
        claim(layer(`blocks.${b}.attn`, 'attention', b, idx, region, {
          tokens: att.tokens, dim: att.dim, heads: att.heads, headDim: att.headDim, qkvLayout: att.qkvLayout, scale: att.scale, layout,
        }, w, att.macs), region.nodes.map((n) => n.name));
      } else if (moe) {
        const w: Record<string, string> = {};
        const layout: Record<string, string> = {};
        addLinear(w, layout, 'gate', moe.gate);
        if (moe.stacked) { addLinear(w, layout, 'experts_fc1', moe.experts[0].fc1); addLinear(w, layout, 'experts_fc2', moe.experts[0].fc2); }
        else moe.experts.forEach((e, i) => { addLinear(w, layout, `e${i}_fc1`, e.fc1); addLinear(w, layout, `e${i}_fc2`, e.fc2); });
        claim(layer(`blocks.${b}.moe`, 'moe', b, idx, region, {
          tokens: moe.tokens, dim: moe.dim, hidden: moe.hidden, experts: moe.count, topk: moe.topk, expertWeights: moe.stacked ? 'stacked' : 'per-expert',
          gelu: moe.experts[0].gelu.form, denseMacs: moe.denseMacs, gateOrder: moe.gateOrder, layout,
        }, w, moe.macs), region.nodes.map((n) => n.name));
        closesBlock = true;
      } else if (mlp) {
        const w: Record<string, string> = {};
        const layout: Record<string, string> = {};
        addLinear(w, layout, 'fc1', mlp.fc1);
        addLinear(w, layout, 'fc2', mlp.fc2);
        claim(layer(`blocks.${b}.mlp`, 'mlp', b, idx, region, {
          tokens, dim: mlp.dim, hidden: mlp.hidden, gelu: mlp.gelu.form, layout,
        }, w, mlp.macs), region.nodes.map((n) => n.name));
        closesBlock = true;
      }
      // An unrecognised region stays unplaced; the walk goes on along the stream.
      const shape = idx.shape(res.output) ?? [];
      claim({
        name: `blocks.${b}.residual${tag}`, kind: 'residual', block: b, inputShape: shape, outputShape: shape, params: 0, macs: 0,
        nodes: [], weights: {}, attrs: { tokens, dim: shape[shape.length - 1] },
      }, [res.add.name]);
      pos++;
      if (closesBlock) { blocks++; pos = 0; }
      s = res.output;
    }
    if (finalNorm) {
      claim(normLayer('norm', -1, idx, finalNorm, tokensOf(idx, finalNorm.input)), finalNorm.nodes);
      const outs = graph.outputs.map((o) => o.name).filter((o) => o !== finalNorm!.output);
      if (outs.length) {
        const region = makeRegion(idx, finalNorm.output, outs[0]);
        const head = region.nodes.length ? matchHead(idx, region) : undefined;
        if (head) {
          const w: Record<string, string> = {};
          const layout: Record<string, string> = {};
          addLinear(w, layout, 'fc', head.linear);
          claim(layer('head', 'head', -1, idx, region, { dim: head.linear.inF, classes: head.classes, pool: head.pool, layout }, w, regionMacs(idx, region.nodes)),
            region.nodes.map((n) => n.name));
        }
      }
    }
  }

  absorbPlumbing(idx, layers, owner);
  for (const l of layers) {
    l.nodes = idx.sortNodes(l.nodes);
    const scope = commonScope(l.nodes);
    if (scope) l.attrs.scope = scope;
  }
  // Params per layer from its final node set (plumbing may carry constants, never weights).
  for (const l of layers) if (l.kind !== 'residual') l.params = regionParams(idx, l.nodes.map((n) => idx.byName.get(n)!));

  const unplaced = graph.nodes.filter((n) => !owner.has(n.name)).map((n) => ({ name: n.name, opType: n.opType }));
  const hasMoe = layers.some((l) => l.kind === 'moe');
  const hasEmbed = layers.some((l) => l.kind === 'patch-embed');
  return {
    name: graph.name,
    layers,
    blocks,
    unplaced,
    totals: { params: layers.reduce((a, l) => a + l.params, 0), macs: layers.reduce((a, l) => a + l.macs, 0) },
    kind: hasEmbed && blocks > 0 ? (hasMoe ? 'moe-vit' : 'vit') : 'unknown',
  };
}

function layer(name: string, kind: LayerKind, block: number, idx: GraphIndex, r: Region, attrs: LayerAttrs, weights: Record<string, string>, macs: number): Layer {
  return {
    name, kind, block, inputShape: idx.shape(r.input) ?? [], outputShape: idx.shape(r.output) ?? [],
    params: 0, macs, nodes: [], weights, attrs,
  };
}

function normLayer(name: string, block: number, idx: GraphIndex, ln: LayerNormMatch, tokens: number): Layer {
  const shape = idx.shape(ln.input) ?? [];
  const weights: Record<string, string> = {};
  if (ln.gamma) weights.gamma = ln.gamma;
  if (ln.beta) weights.beta = ln.beta;
  return {
    name, kind: 'layernorm', block, inputShape: shape, outputShape: idx.shape(ln.output) ?? shape, params: 0, macs: 0, nodes: [],
    weights, attrs: { tokens, dim: shape[shape.length - 1], eps: ln.eps, form: ln.form },
  };
}

function addLinear(w: Record<string, string>, layout: Record<string, string>, role: string, l: LinearMatch): void {
  w[`${role}_w`] = l.weight;
  layout[`${role}_w`] = l.layout;
  if (l.bias) w[`${role}_b`] = l.bias;
}

/** The exporter's module path the layer's nodes share (`/blocks.0/attn`), for showing the model's own names. */
function commonScope(names: string[]): string {
  if (!names.length) return '';
  let parts = names[0].split('/').slice(0, -1);
  for (const n of names.slice(1)) {
    const p = n.split('/');
    let i = 0;
    while (i < parts.length && i < p.length - 1 && parts[i] === p[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/');
}

function tokensOf(idx: GraphIndex, t: string): number {
  const s = idx.shape(t);
  return s && s.length >= 2 ? s[s.length - 2] : 0;
}

/**
 * Give every unowned node whose outputs all feed owned nodes to the earliest of those layers (reverse
 * topological order, so whole Shape → Gather → Unsqueeze → Concat chains follow their consumer).
 */
function absorbPlumbing(idx: GraphIndex, layers: Layer[], owner: Map<string, number>): void {
  const nodes = idx.graph.nodes;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i];
    if (owner.has(n.name)) continue;
    let target = Infinity;
    let ok = n.outputs.some((o) => o);
    for (const o of n.outputs) {
      if (!o) continue;
      if (idx.isGraphOutput(o)) { ok = false; break; }
      const cons = idx.consumersOf(o);
      if (!cons.length) continue;
      for (const c of cons) {
        const l = owner.get(c.name);
        if (l === undefined) { ok = false; break; }
        target = Math.min(target, l);
      }
      if (!ok) break;
    }
    if (ok && target !== Infinity) {
      owner.set(n.name, target);
      layers[target].nodes.push(n.name);
    }
  }
}
