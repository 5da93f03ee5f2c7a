/**
 * What the code generator needs from a recognised model, in one place: the ordered steps of a
 * pre-norm ViT / MoE-ViT with their sizes, resolved fixed-point types, and every weight tensor the
 * kernels read — already in the kernels' layout ([out][in] rows, experts and Q/K/V concatenated).
 * Pure: Graph + ModelStructure + Plan in, data out.
 */
import { WorkbenchError, modelError } from '../core/errors';
import type { Graph, Layer, ModelStructure, Tensor } from '../graph/ir';
import { numel } from '../graph/ir';
import type { FixedType, KernelInstance, Plan } from '../plan/plan';
import { resolveOverride } from '../plan/precision';

/** A weight tensor as the kernels read it, and how to build it from the model's initializers. */
export interface WeightTensor {
  name: string; // logical name, e.g. blocks.0.attn.qkv_w
  layer: string;
  type: FixedType;
  count: number;
  /** Fills `out` (length count) with float values. */
  fill: (out: Float64Array) => void;
  /** Model initializers it comes from (for the manifest). */
  sources: string[];
}

export interface LinearRef {
  w: string; b: string; inF: number; outF: number; wType: FixedType; bType: FixedType; acc: FixedType;
  /** Where the plan keeps its weights (KernelInstance.weights.placement); absent = DDR. */
  placement?: 'bram' | 'uram' | 'ddr';
}

export type Step =
  | { kind: 'patch-embed'; layer: string; C: number; H: number; W: number; P: number; D: number; cls: boolean; lin: LinearRef; clsTok?: string; pos: string; embType: FixedType }
  | { kind: 'layernorm'; layer: string; D: number; gamma: string; beta: string; pType: FixedType; eps: number; final: boolean }
  | { kind: 'attention'; layer: string; H: number; HD: number; scale: number; qkv: LinearRef; proj: LinearRef; scoreType: FixedType }
  | { kind: 'mlp'; layer: string; hidden: number; fc1: LinearRef; fc2: LinearRef; gelu: string }
  | { kind: 'moe'; layer: string; E: number; K: number; hidden: number; renorm: boolean; gate: LinearRef; fc1: LinearRef; fc2: LinearRef; gelu: string }
  | { kind: 'residual'; layer: string }
  | { kind: 'head'; layer: string; classes: number; pool: 'token' | 'mean'; lin: LinearRef };

export interface CodegenModel {
  name: string;
  tokens: number;
  dim: number;
  steps: Step[];
  weights: WeightTensor[];
  types: { act: FixedType; pixel: FixedType; softmax: FixedType; acc: FixedType };
  input: { name: string; shape: number[] };
  output: { name: string; shape: number[] };
  warnings: string[];
}

export function buildCodegenModel(graph: Graph, structure: ModelStructure, plan: Plan): CodegenModel {
  return new ViewBuilder(graph, structure, plan).build();
}

class ViewBuilder {
  private readonly weights: WeightTensor[] = [];
  private readonly byName = new Map<string, WeightTensor>();
  private readonly warnings: string[] = [];
  private readonly p;

  constructor(private readonly graph: Graph, private readonly structure: ModelStructure, private readonly plan: Plan) {
    this.p = plan.precision;
  }

  build(): CodegenModel {
    const layers = this.structure.layers;
    if (this.structure.unplaced.length) {
      throw new WorkbenchError('E_UNSUPPORTED', `${this.structure.unplaced.length} node(s) are not part of any recognised layer; the generated design would not compute the same function`, {},
        this.structure.unplaced.slice(0, 20).map((u) => `${u.name} (${u.opType})`));
    }
    const pe = layers.find((l) => l.kind === 'patch-embed');
    if (!pe) throw new WorkbenchError('E_UNSUPPORTED', 'no patch embedding recognised; code generation needs a ViT-style model');
    const tokens = num(pe.attrs.tokens, 'tokens', pe);
    const dim = num(pe.attrs.dim, 'dim', pe);
    const steps: Step[] = [];
    for (const l of layers) {
      const s = this.step(l, tokens, dim);
      if (s) steps.push(s);
    }
    // A pre-norm block is norm → sub-layer → residual; a norm followed directly by a residual means the
    // sub-layer between them was not recognised, and generating without it would compute another model.
    steps.forEach((s, i) => {
      if (s.kind === 'layernorm' && !s.final && !['attention', 'mlp', 'moe'].includes(steps[i + 1]?.kind ?? '')) {
        throw new WorkbenchError('E_UNSUPPORTED', `the sub-layer after '${s.layer}' was not recognised (is every shape known?)`, { node: s.layer }, this.graph.warnings.slice(0, 3));
      }
    });
    // Buffers between kernels hold the plan's activation type; a per-kernel activation override is not
    // applied by this generator, so say so instead of silently computing something else.
    const act = this.p.activation;
    const same = (t: FixedType) => t.w === act.w && t.i === act.i && t.signed === act.signed;
    const differing = this.plan.kernels.filter((k) => (k.kind !== 'patch-embed' && !same(k.precision.in)) || (k.kind !== 'moe-gate' && !same(k.precision.out)));
    if (differing.length) this.warnings.push(`per-kernel activation types are not generated (all buffers use ${act.signed ? 'ap_fixed' : 'ap_ufixed'}<${act.w}, ${act.i}>): ${differing.slice(0, 5).map((k) => k.id).join(', ')}${differing.length > 5 ? ', …' : ''}`);
    const pixel = this.kernelsOf(pe.name)[0]?.precision.in ?? { w: 8, i: 0, signed: false };
    const inp = this.graph.inputs[0];
    const out = this.graph.outputs[0];
    if (!inp || !out) throw modelError('the model needs one input and one output');
    if (this.graph.outputs.length > 1) this.warnings.push(`only the first model output (${out.name}) is generated`);
    const dims = (d: Array<number | string> | undefined, what: string): number[] => {
      if (!d || d.some((x) => typeof x !== 'number')) throw modelError(`${what} shape must be fully known`);
      return d.map((x) => (typeof x === 'number' ? x : 1));
    };
    return {
      name: this.structure.name || 'model',
      tokens,
      dim,
      steps,
      weights: this.weights,
      types: { act: this.p.activation, pixel, softmax: this.p.softmax, acc: this.p.accumulator },
      input: { name: inp.name, shape: dims(inp.shape ?? this.graph.values.get(inp.name)?.shape, 'input') },
      output: { name: out.name, shape: dims(out.shape ?? this.graph.values.get(out.name)?.shape, 'output') },
      warnings: this.warnings,
    };
  }

  private kernelsOf(layer: string): KernelInstance[] {
    return this.plan.kernels.filter((k) => k.layer === layer);
  }

  private step(l: Layer, tokens: number, dim: number): Step | undefined {
    const a = l.attrs;
    const ks = this.kernelsOf(l.name);
    const lin = (i: number): KernelInstance | undefined => ks.filter((k) => k.kind === 'linear' || k.kind === 'patch-embed' || k.kind === 'head' || k.kind === 'moe-gate')[i];
    const layout = (a.layout ?? {}) as Record<string, string>;
    switch (l.kind) {
      case 'patch-embed': {
        const P = num(a.patch, 'patch', l);
        const C = num(a.inChannels, 'inChannels', l);
        const K = C * P * P;
        if (a.form !== 'conv' && a.form !== undefined) this.warnings.push(`${l.name}: MatMul patch embedding assumed to flatten patches in (channel, row, column) order`);
        const w = this.linearWeight(l, 'proj_w', layout.proj_w === 'OIHW' ? 'NK' : layout.proj_w, K, dim, lin(0));
        const cls = !!a.classToken;
        const embType = resolveOverride(this.p, [`${l.name}.pos_embed`, l.name], this.p.bias);
        const pos = this.tensor(`${l.name}.pos_embed`, l, embType, [this.need(l, 'pos_embed')], tokens * dim, (o) => copyInto(o, this.data(this.need(l, 'pos_embed'))));
        const clsTok = cls ? this.tensor(`${l.name}.cls_token`, l, embType, [this.need(l, 'cls_token')], dim, (o) => copyInto(o, this.data(this.need(l, 'cls_token')))) : undefined;
        return { kind: 'patch-embed', layer: l.name, C, H: num(a.imgH, 'imgH', l), W: num(a.imgW, 'imgW', l), P, D: dim, cls, lin: w, clsTok, pos, embType };
      }
      case 'layernorm': {
        const k = ks.find((x) => x.kind === 'layernorm');
        const pType = k?.precision.weight ?? resolveOverride(this.p, [l.name], this.p.norm);
        const D = num(a.dim, 'dim', l);
        const g = l.weights.gamma;
        const b = l.weights.beta;
        const gamma = this.tensor(`${l.name}.gamma`, l, pType, g ? [g] : [], D, (o) => (g ? copyInto(o, this.data(g)) : o.fill(1)));
        const beta = this.tensor(`${l.name}.beta`, l, pType, b ? [b] : [], D, (o) => (b ? copyInto(o, this.data(b)) : o.fill(0)));
        return { kind: 'layernorm', layer: l.name, D, gamma, beta, pType, eps: typeof a.eps === 'number' ? a.eps : 1e-5, final: l.block < 0 };
      }
      case 'attention': {
        const H = num(a.heads, 'heads', l);
        const HD = num(a.headDim, 'headDim', l);
        const D = H * HD;
        let qkv: LinearRef;
        if (a.qkvLayout === 'separate') {
          qkv = this.concatLinear(l, 'qkv', ['q', 'k', 'v'].map((r) => ({ w: `${r}_w`, b: `${r}_b`, layout: layout[`${r}_w`] })), dim, 3 * D, lin(0));
        } else {
          qkv = this.linearWeight(l, 'qkv_w', layout.qkv_w, dim, 3 * D, lin(0));
        }
        const proj = this.linearWeight(l, 'proj_w', layout.proj_w, D, dim, lin(1));
        const core = ks.find((k) => k.kind === 'attention');
        const scale = typeof a.scale === 'number' ? a.scale : 1 / Math.sqrt(HD);
        return { kind: 'attention', layer: l.name, H, HD, scale, qkv, proj, scoreType: core?.precision.acc ?? this.p.accumulator };
      }
      case 'mlp': {
        const hidden = num(a.hidden, 'hidden', l);
        return {
          kind: 'mlp', layer: l.name, hidden, gelu: String(a.gelu ?? 'erf'),
          fc1: this.linearWeight(l, 'fc1_w', layout.fc1_w, dim, hidden, lin(0)),
          fc2: this.linearWeight(l, 'fc2_w', layout.fc2_w, hidden, dim, lin(1)),
        };
      }
      case 'moe': {
        const E = num(a.experts, 'experts', l);
        const hidden = num(a.hidden, 'hidden', l);
        const gate = this.linearWeight(l, 'gate_w', layout.gate_w, dim, E, lin(0));
        let fc1: LinearRef;
        let fc2: LinearRef;
        if (a.expertWeights === 'stacked' || l.weights.experts_fc1_w) {
          // One [E, in, out] tensor per layer (batched MatMul): expert e is slice e.
          fc1 = this.stackedLinear(l, 'experts_fc1', E, dim, hidden, layout.experts_fc1_w, lin(1));
          fc2 = this.stackedLinear(l, 'experts_fc2', E, hidden, dim, layout.experts_fc2_w, lin(2));
        } else {
          // Role e{i} is the i-th expert MLP the pattern found; its index in the gate is read from the
          // combine (Concat position or the Equal(index, e) that selects its weight).
          const order = this.expertOrder(l, E);
          const byGate = range(E).map((e) => order.indexOf(e));
          fc1 = this.concatLinear(l, 'experts_fc1', byGate.map((i) => ({ w: `e${i}_fc1_w`, b: `e${i}_fc1_b`, layout: layout[`e${i}_fc1_w`] })), dim, hidden * E, lin(1), hidden);
          fc2 = this.concatLinear(l, 'experts_fc2', byGate.map((i) => ({ w: `e${i}_fc2_w`, b: `e${i}_fc2_b`, layout: layout[`e${i}_fc2_w`] })), hidden, dim * E, lin(2), dim);
        }
        return { kind: 'moe', layer: l.name, E, K: num(a.topk, 'topk', l), hidden, renorm: a.gateOrder === 'topk-softmax', gate, fc1, fc2, gelu: String(a.gelu ?? 'erf') };
      }
      case 'residual':
        return { kind: 'residual', layer: l.name };
      case 'head': {
        const classes = num(a.classes, 'classes', l);
        if (classes <= 0) return undefined;
        return { kind: 'head', layer: l.name, classes, pool: a.pool === 'mean' ? 'mean' : 'token', lin: this.linearWeight(l, 'fc_w', layout.fc_w, dim, classes, lin(0)) };
      }
    }
    return undefined;
  }

  private need(l: Layer, role: string): string {
    const n = l.weights[role];
    if (!n) throw modelError(`layer has no '${role}' weight`, { node: l.name });
    return n;
  }

  private data(name: string): ArrayLike<number> {
    const t: Tensor | undefined = this.graph.initializers.get(name);
    if (!t) throw modelError(`initializer '${name}' not found`);
    if (!t.data) throw new WorkbenchError('E_MODEL', `weights of '${name}' are absent (external data missing, or a model built from an architecture spec); code generation needs the weights`, { node: name });
    if (t.data instanceof BigInt64Array || t.data instanceof BigUint64Array) return Array.from(t.data, Number);
    return t.data as ArrayLike<number>;
  }

  private tensor(name: string, l: Layer, type: FixedType, sources: string[], count: number, fill: (o: Float64Array) => void): string {
    if (this.byName.has(name)) throw modelError(`duplicate weight tensor '${name}'`);
    for (const src of sources) this.data(src); // absent weights fail here, before any slow step
    const t: WeightTensor = { name, layer: l.name, type, count, fill, sources };
    this.weights.push(t);
    this.byName.set(name, t);
    return name;
  }

  private types(l: Layer, role: string, k: KernelInstance | undefined, inF: number): { w: FixedType; b: FixedType; acc: FixedType } {
    const names = [`${l.name}.${role}`, l.name];
    const w = resolveOverride(this.p, names, k?.precision.weight ?? this.p.weight);
    const b = resolveOverride(this.p, [`${l.name}.${role}.bias`], this.p.bias);
    return { w, b, acc: k?.precision.acc ?? this.p.accumulator };
    void inF;
  }

  /** One linear: weight transposed to [out][in] if stored [in][out]; absent bias = zeros. */
  private linearWeight(l: Layer, wRole: string, layout: string | undefined, inF: number, outF: number, k: KernelInstance | undefined): LinearRef {
    const role = wRole.replace(/_w$/, '');
    const src = this.need(l, wRole);
    const bsrc = l.weights[`${role}_b`];
    const t = this.types(l, role, k, inF);
    this.checkCount(src, inF * outF, l);
    const w = this.tensor(`${l.name}.${role}_w`, l, t.w, [src], inF * outF, (o) => toNK(o, this.data(src), inF, outF, layout ?? 'KN', 0));
    const b = this.tensor(`${l.name}.${role}_b`, l, t.b, bsrc ? [bsrc] : [], outF, (o) => (bsrc ? copyInto(o, this.data(bsrc)) : o.fill(0)));
    return { w, b, inF, outF, wType: t.w, bType: t.b, acc: t.acc, placement: k?.weights.placement };
  }

  /** Several linears with the same input stacked along the output: Q/K/V, or all experts' fc1/fc2. */
  private concatLinear(l: Layer, role: string, parts: Array<{ w: string; b: string; layout?: string }>, inF: number, outTotal: number, k: KernelInstance | undefined, partOut?: number): LinearRef {
    const each = partOut ?? outTotal / parts.length;
    const srcs = parts.map((p) => this.need(l, p.w));
    for (const s of srcs) this.checkCount(s, inF * each, l);
    const t = this.types(l, role, k, inF);
    const w = this.tensor(`${l.name}.${role}_w`, l, t.w, srcs, inF * each * parts.length, (o) => {
      parts.forEach((p, i) => toNK(o, this.data(srcs[i]), inF, each, p.layout ?? 'KN', i * inF * each));
    });
    const bs = parts.map((p) => l.weights[p.b]);
    const b = this.tensor(`${l.name}.${role}_b`, l, t.b, bs.filter((x): x is string => !!x), each * parts.length, (o) => {
      bs.forEach((bn, i) => {
        if (bn) copyInto(o, this.data(bn), i * each);
        else o.fill(0, i * each, (i + 1) * each);
      });
    });
    return { w, b, inF, outF: each * parts.length, wType: t.w, bType: t.b, acc: t.acc, placement: k?.weights.placement };
  }

  /** Experts stored as one [E, in, out] (or [E, out, in] for NK) tensor, biases [E, …, out]. */
  private stackedLinear(l: Layer, role: string, E: number, inF: number, outF: number, layout: string | undefined, k: KernelInstance | undefined): LinearRef {
    const src = this.need(l, `${role}_w`);
    const bsrc = l.weights[`${role}_b`];
    this.checkCount(src, E * inF * outF, l);
    const t = this.types(l, role, k, inF);
    const per = inF * outF;
    const w = this.tensor(`${l.name}.${role}_w`, l, t.w, [src], E * per, (o) => {
      const d = this.data(src);
      for (let e = 0; e < E; e++) toNK(o, sliceOf(d, e * per, per), inF, outF, layout ?? 'KN', e * per);
    });
    const b = this.tensor(`${l.name}.${role}_b`, l, t.b, bsrc ? [bsrc] : [], E * outF, (o) => (bsrc ? copyInto(o, this.data(bsrc)) : o.fill(0)));
    return { w, b, inF, outF: E * outF, wType: t.w, bType: t.b, acc: t.acc, placement: k?.weights.placement };
  }

  /** order[i] = gate index of the expert whose weights have role e{i}. */
  private expertOrder(l: Layer, E: number): number[] {
    const consumers = this.consumers();
    const producer = this.producers();
    const found: number[] = [];
    for (let i = 0; i < E; i++) {
      const w = l.weights[`e${i}_fc2_w`];
      let idx: number | undefined;
      const seen = new Set<string>();
      let frontier = (consumers.get(w) ?? []).flatMap((n) => n.outputs);
      for (let depth = 0; depth < 8 && idx === undefined && frontier.length; depth++) {
        const next: string[] = [];
        for (const t of frontier) {
          if (seen.has(t)) continue;
          seen.add(t);
          for (const n of consumers.get(t) ?? []) {
            if (n.opType === 'Concat') { idx = n.inputs.indexOf(t); break; }
            if (n.opType === 'Mul') {
              const other = n.inputs[0] === t ? n.inputs[1] : n.inputs[0];
              const e = this.selectorConstant(other, producer);
              if (e !== undefined) { idx = e; break; }
            }
            next.push(...n.outputs);
          }
          if (idx !== undefined) break;
        }
        frontier = next;
      }
      found.push(idx ?? -1);
    }
    const ok = found.every((x) => x >= 0 && x < E) && new Set(found).size === E;
    if (!ok) {
      this.warnings.push(`${l.name}: expert order not readable from the combine; experts assumed in the order found`);
      return range(E);
    }
    return found;
  }

  /** The constant e of an Equal(index, e) upstream of a gate weight (within a few nodes). */
  private selectorConstant(t: string, producer: Map<string, import('../graph/ir').Node>): number | undefined {
    let frontier = [t];
    for (let depth = 0; depth < 8 && frontier.length; depth++) {
      const next: string[] = [];
      for (const x of frontier) {
        const n = producer.get(x);
        if (!n) continue;
        if (n.opType === 'Equal') {
          for (const c of n.inputs) {
            const init = this.graph.initializers.get(c);
            if (init?.data && init.data.length === 1) return Number(init.data[0]);
          }
        }
        next.push(...n.inputs.filter((i) => i && !this.graph.initializers.has(i)));
      }
      frontier = next;
    }
    return undefined;
  }

  private consumerMap?: Map<string, import('../graph/ir').Node[]>;
  private producerMap?: Map<string, import('../graph/ir').Node>;
  private consumers(): Map<string, import('../graph/ir').Node[]> {
    if (!this.consumerMap) {
      this.consumerMap = new Map();
      for (const n of this.graph.nodes) for (const i of n.inputs) if (i) this.consumerMap.set(i, [...(this.consumerMap.get(i) ?? []), n]);
    }
    return this.consumerMap;
  }
  private producers(): Map<string, import('../graph/ir').Node> {
    if (!this.producerMap) {
      this.producerMap = new Map();
      for (const n of this.graph.nodes) for (const o of n.outputs) if (o) this.producerMap.set(o, n);
    }
    return this.producerMap;
  }

  private checkCount(name: string, expected: number, l: Layer): void {
    const t = this.graph.initializers.get(name);
    if (!t) throw modelError(`initializer '${name}' not found`, { node: l.name });
    if (numel(t.dims) !== expected) throw modelError(`weight '${name}' has ${numel(t.dims)} values, expected ${expected}`, { node: l.name });
  }
}

function toNK(out: Float64Array, src: ArrayLike<number>, inF: number, outF: number, layout: string, offset: number): void {
  if (layout === 'NK' || layout === 'OIHW') {
    for (let i = 0; i < inF * outF; i++) out[offset + i] = src[i];
    return;
  }
  for (let k = 0; k < inF; k++) for (let n = 0; n < outF; n++) out[offset + n * inF + k] = src[k * outF + n];
}

function copyInto(out: Float64Array, src: ArrayLike<number>, offset = 0): void {
  for (let i = 0; i < src.length && offset + i < out.length; i++) out[offset + i] = src[i];
}

function sliceOf(d: ArrayLike<number>, start: number, n: number): ArrayLike<number> {
  if (ArrayBuffer.isView(d)) return (d as Float32Array).subarray(start, start + n);
  return Array.prototype.slice.call(d, start, start + n) as number[];
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function num(v: unknown, what: string, l: Layer): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw modelError(`layer attribute '${what}' is missing or invalid`, { node: l.name });
  return v;
}
