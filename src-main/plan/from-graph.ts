/**
 * Deployment plan from a recognised model structure: one kernel instance per piece of work, in execution
 * order, with shapes, per-port precision, weight placement and the hardware unit that runs it.
 *
 * Architecture (Edge-MoE style): ONE unified linear unit (tiled ti × to MAC array) runs patch-embed, QKV,
 * projection, MLP fc1/fc2, the MoE gate, every expert and the head; GELU, residual adds and the MoE combine
 * are fused into its output stage; attention runs on a reordered single-pass attention unit; LayerNorm on
 * its own unit. MoE blocks reorder patches expert by expert so each expert's weights stream once per image.
 */
import { inputError } from '../core/errors';
import type { BoardSpec } from '../boards/board-spec';
import type { Layer, ModelStructure } from '../graph/ir';
import type { FixedType, KernelInstance, Plan, PrecisionPlan, Tiles } from './plan';
import { accumulatorFor, defaultPrecision, fx, resolveOverride } from './precision';
import { DEFAULT_TILES } from './tiles';
import { planHash } from './hash';

export interface PlanOptions {
  board: BoardSpec;
  clockMHz?: number;
  precision?: PrecisionPlan;
  tiles?: Tiles;
  /** Fraction of on-chip BRAM bits that resident weights may take (the rest holds activations and tiles). */
  weightBramFraction?: number;
  /** Fraction of URAM bits that resident weights may take. */
  weightUramFraction?: number;
}

/**
 * Share of the board's peak DRAM bandwidth a burst-reading PL master sustains (the estimator uses the
 * same figure for its weight-stream model).
 */
export const DDR_EFFICIENCY = 0.8;

/** Pixels arrive as 8-bit unsigned fractions (ap_ufixed<8,0>), as images normalised to [0, 1). */
export const PIXEL_TYPE: FixedType = fx(8, 0, false);

export const UNITS = {
  linear: 'linear', // the one unified linear compute unit
  attention: 'attention',
  layernorm: 'layernorm',
  gelu: 'gelu', // fused into the linear unit's output stage
  residual: 'residual', // fused into the linear unit's output stage
  moe: 'moe', // gate top-k, per-expert token lists, weighted combine
} as const;

export function planFromStructure(structure: ModelStructure, opts: PlanOptions): Plan {
  const board = opts.board;
  const clockMHz = opts.clockMHz ?? board.clocks.defaultMHz;
  if (!(clockMHz > 0)) throw inputError(`clock must be positive, got ${clockMHz}`, { field: 'clock' });
  const precision = opts.precision ?? defaultPrecision();
  const tiles = opts.tiles ?? DEFAULT_TILES;
  for (const [k, v] of Object.entries(tiles)) {
    if (v === undefined || (k === 'attnDim' && v === 0)) continue;
    if (!Number.isInteger(v) || v < 1) throw inputError(`tile ${k} must be a positive integer, got ${v}`, { field: `tiles.${k}` });
  }
  if (!structure.layers.length) throw inputError(`model '${structure.name}' has no recognised layers to plan`);

  const b = new Builder(precision);
  for (const layer of structure.layers) b.layer(layer);
  const notes = [...b.notes];
  place(b.kernels, board, opts, notes);

  const modelHash = structureHash(structure);
  return {
    version: 1,
    model: { name: structure.name, hash: modelHash, kind: structure.kind },
    board: board.id,
    part: board.part,
    clockMHz,
    precision,
    tiles: { ...tiles },
    kernels: b.kernels,
    notes,
  };
}

/**
 * The same plan with other tile factors: kernels are shared except their weight placement, which depends
 * on the tiles and is redone. Cheap, for the DSE's inner loop.
 */
export function retile(plan: Plan, board: BoardSpec, tiles: Tiles, opts: Omit<PlanOptions, 'board' | 'tiles'> = {}): Plan {
  const kernels = plan.kernels.map((k) => (k.weights.count > 0 && k.unit === UNITS.linear ? { ...k, weights: { count: k.weights.count, placement: 'ddr' as const } } : k));
  const notes = (plan.notes ?? []).filter((n) => !n.startsWith('weights: '));
  place(kernels, board, { ...opts, board, tiles, clockMHz: plan.clockMHz }, notes);
  return { ...plan, tiles: { ...tiles }, kernels, notes };
}

const hashes = new WeakMap<ModelStructure, string>();

/** Hash of what the plan depends on in a structure; cached because the DSE plans one structure many times. */
export function structureHash(structure: ModelStructure): string {
  let h = hashes.get(structure);
  if (!h) {
    h = planHash({
      name: structure.name,
      layers: structure.layers.map((l) => [l.name, l.kind, l.block, l.inputShape, l.outputShape, l.params, l.macs, l.attrs]),
    });
    hashes.set(structure, h);
  }
  return h;
}

const sanitise = (s: string): string => {
  const t = s.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(t) ? t : `k_${t}`;
};

class Builder {
  readonly kernels: KernelInstance[] = [];
  readonly notes: string[] = [];
  private readonly ids = new Set<string>();
  private lastLinear: string | undefined;

  constructor(private readonly p: PrecisionPlan) {}

  private id(base: string): string {
    let id = sanitise(base);
    for (let n = 2; this.ids.has(id); n++) id = `${sanitise(base)}_${n}`;
    this.ids.add(id);
    return id;
  }

  private act(names: string[]): FixedType {
    return resolveOverride(this.p, names, this.p.activation);
  }

  private linear(layer: Layer, suffix: string, kind: KernelInstance['kind'], shape: KernelInstance['shape'], weights: number, extra: Partial<KernelInstance> = {}, input?: FixedType): KernelInstance {
    const name = suffix ? `${layer.name}.${suffix}` : layer.name;
    const inT = input ?? this.act([name, layer.name]);
    const w = resolveOverride(this.p, [name, layer.name], this.p.weight);
    const k: KernelInstance = {
      id: this.id(suffix ? `${layer.name}_${suffix}` : layer.name),
      kind,
      layer: layer.name,
      block: layer.block,
      shape,
      repeats: 1,
      precision: { in: inT, out: this.act([name, layer.name]), weight: w, acc: accumulatorFor(inT, w, shape.in ?? 1, this.p.accumulator) },
      weights: { count: weights, placement: 'ddr' },
      unit: UNITS.linear,
      ...extra,
    };
    this.kernels.push(k);
    this.lastLinear = k.id;
    return k;
  }

  private fused(layer: Layer, suffix: string, kind: KernelInstance['kind'], unit: string, shape: KernelInstance['shape'], into: string | undefined, repeats = 1): KernelInstance {
    const name = `${layer.name}.${suffix}`;
    const t = this.act([name, layer.name]);
    const k: KernelInstance = {
      id: this.id(`${layer.name}_${suffix}`),
      kind,
      layer: layer.name,
      block: layer.block,
      shape,
      repeats,
      precision: { in: t, out: t },
      weights: { count: 0, placement: 'bram' },
      unit,
      ...(into ? { fusedInto: into } : {}),
    };
    this.kernels.push(k);
    return k;
  }

  layer(l: Layer): void {
    const a = l.attrs;
    const tokens = a.tokens ?? l.outputShape[l.outputShape.length - 2] ?? 1;
    const dim = a.dim ?? l.outputShape[l.outputShape.length - 1] ?? 1;
    switch (l.kind) {
      case 'patch-embed': {
        const patch = a.patch ?? 16;
        const ch = a.inChannels ?? 3;
        const patches = a.imgH && a.imgW ? (a.imgH / patch) * (a.imgW / patch) : tokens - (a.classToken === false ? 0 : 1);
        const K = ch * patch * patch;
        this.linear(l, '', 'patch-embed', { tokens: patches, in: K, out: dim, patch, channels: ch }, K * dim + dim, withTensors(tensorsOf(l, () => true)), PIXEL_TYPE);
        // Class token and position embedding stay on chip: added in the output stage.
        return;
      }
      case 'layernorm': {
        const t = this.act([l.name]);
        const norm = resolveOverride(this.p, [l.name], this.p.norm);
        this.kernels.push({
          id: this.id(l.name),
          kind: 'layernorm',
          layer: l.name,
          block: l.block,
          shape: { tokens, in: dim },
          repeats: 1,
          precision: { in: t, out: t, weight: norm, acc: accumulatorFor(t, t, dim) },
          weights: { count: 2 * dim, placement: 'bram' },
          unit: UNITS.layernorm,
          ...withTensors(tensorsOf(l, () => true)),
        });
        return;
      }
      case 'attention': {
        const heads = a.heads ?? 1;
        const headDim = a.headDim ?? Math.round(dim / heads);
        this.linear(l, 'qkv', 'linear', { tokens, in: dim, out: 3 * heads * headDim }, dim * 3 * heads * headDim + 3 * heads * headDim, withTensors(tensorsOf(l, (r) => /^(qkv|q|k|v)_/.test(r))));
        const t = this.act([`${l.name}.core`, l.name]);
        this.kernels.push({
          id: this.id(`${l.name}_core`),
          kind: 'attention',
          layer: l.name,
          block: l.block,
          shape: { tokens, heads, headDim },
          repeats: 1,
          precision: { in: t, out: t, acc: accumulatorFor(t, t, headDim, this.p.accumulator) },
          weights: { count: 0, placement: 'bram' },
          unit: UNITS.attention,
        });
        this.linear(l, 'proj', 'linear', { tokens, in: heads * headDim, out: dim }, heads * headDim * dim + dim, withTensors(tensorsOf(l, (r) => r.startsWith('proj_'))));
        return;
      }
      case 'mlp': {
        const hidden = a.hidden ?? 4 * dim;
        const fc1 = this.linear(l, 'fc1', 'linear', { tokens, in: dim, out: hidden }, dim * hidden + hidden, withTensors(tensorsOf(l, (r) => r.startsWith('fc1_'))));
        this.fused(l, 'gelu', 'gelu', UNITS.gelu, { tokens, in: hidden }, fc1.id);
        this.linear(l, 'fc2', 'linear', { tokens, in: hidden, out: dim }, hidden * dim + dim, withTensors(tensorsOf(l, (r) => r.startsWith('fc2_'))));
        return;
      }
      case 'moe': {
        const experts = a.experts ?? 1;
        const topk = a.topk ?? 1;
        const hidden = a.hidden ?? 4 * dim;
        const routed = tokens * topk;
        const gate = this.linear(l, 'gate', 'moe-gate', { tokens, in: dim, out: experts, experts, topk }, dim * experts + experts, withTensors(tensorsOf(l, (r) => r.startsWith('gate_'))));
        gate.precision.out = resolveOverride(this.p, [`${l.name}.gate`], this.p.softmax);
        const t = this.act([l.name]);
        this.kernels.push({
          id: this.id(`${l.name}_dispatch`),
          kind: 'moe-dispatch',
          layer: l.name,
          block: l.block,
          shape: { tokens, in: dim, experts, topk, routed },
          repeats: 1,
          precision: { in: t, out: t, weight: this.p.softmax },
          weights: { count: 0, placement: 'bram' },
          unit: UNITS.moe,
        });
        const eShape = { tokens, experts, topk, routed };
        const fc1 = this.linear(l, 'experts_fc1', 'linear', { ...eShape, in: dim, out: hidden }, experts * (dim * hidden + hidden), { repeats: experts, ...withTensors(tensorsOf(l, (r) => /^e\d+_fc1_/.test(r))) });
        this.fused(l, 'experts_gelu', 'gelu', UNITS.gelu, { tokens, in: hidden, experts, routed }, fc1.id, experts);
        this.linear(l, 'experts_fc2', 'linear', { ...eShape, in: hidden, out: dim }, experts * (hidden * dim + dim), { repeats: experts, ...withTensors(tensorsOf(l, (r) => /^e\d+_fc2_/.test(r))) });
        const avg = routed / experts;
        this.notes.push(
          `${l.name}: ${experts} experts, top-${topk}: patches are reordered expert by expert, so each expert's weights ` +
            `stream once per image; tokens per expert = tokens·topk/experts = ${tokens}·${topk}/${experts} = ${round(avg)} on average ` +
            `(balanced routing assumed; imbalance lengthens compute, not weight traffic)`,
        );
        return;
      }
      case 'residual': {
        this.fused(l, 'add', 'residual', UNITS.residual, { tokens, in: dim }, this.lastLinear);
        return;
      }
      case 'head': {
        const classes = a.classes ?? 0;
        if (classes > 0) this.linear(l, '', 'head', { tokens: 1, in: dim, out: classes }, dim * classes + classes, withTensors(tensorsOf(l, () => true)));
        else this.notes.push(`${l.name}: no classifier (backbone output), nothing to run`);
        return;
      }
    }
  }
}

/** The layer's initializers whose role matches: roles are `<prefix>_w`/`_b` (or e<i>_<prefix>_… for experts). */
function tensorsOf(l: Layer, match: (role: string) => boolean): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [role, name] of Object.entries(l.weights)) if (match(role)) out[role] = name;
  return Object.keys(out).length ? out : undefined;
}

const withTensors = (t: Record<string, string> | undefined): Partial<KernelInstance> => (t ? { weightTensors: t } : {});

const round = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/**
 * Weight placement: resident on chip (BRAM, or URAM where the part has it) when they fit the budget,
 * else streamed from DDR tile by tile. Greedy by pressure — weight bits per token-row that uses them —
 * because low-reuse weights (experts, head) are the ones whose streaming stalls the MAC array.
 * Norm parameters and biases of fused ops are always on chip.
 */
function place(kernels: KernelInstance[], board: BoardSpec, opts: PlanOptions, notes: string[]): void {
  let bramBudget = board.resources.bram18k * 18 * 1024 * (opts.weightBramFraction ?? 0.25);
  let uramBudget = board.resources.uram * 288 * 1024 * (opts.weightUramFraction ?? 0.6);
  // Only weights whose streaming would stall the array are worth on-chip space: a tile of ti × to weights
  // must arrive within the rows that use it, else the kernel is memory-bound.
  const clockMHz = opts.clockMHz ?? board.clocks.defaultMHz;
  const tiles = opts.tiles ?? DEFAULT_TILES;
  const bytesPerCycle = (board.memory.bytesPerSecond * DDR_EFFICIENCY) / (clockMHz * 1e6);
  const rowsOf = (k: KernelInstance): number => (k.shape.routed !== undefined && k.repeats > 1 ? k.shape.routed / k.repeats : k.shape.tokens);
  const memoryBound = (k: KernelInstance): boolean => (tiles.linearIn * tiles.linearOut * (k.precision.weight?.w ?? 16)) / 8 / bytesPerCycle > rowsOf(k);
  const streamed = kernels.filter((k) => k.weights.count > 0 && k.weights.placement === 'ddr' && memoryBound(k));
  const pressure = (k: KernelInstance): number => (k.weights.count * (k.precision.weight?.w ?? 16)) / Math.max(1, k.shape.routed ?? k.shape.tokens);
  const order = [...streamed].sort((x, y) => pressure(y) - pressure(x) || (x.id < y.id ? -1 : 1));
  let inBram = 0;
  let inUram = 0;
  const allBits = kernels.reduce((s, k) => s + (k.weights.placement === 'ddr' ? k.weights.count * (k.precision.weight?.w ?? 16) : 0), 0);
  for (const k of order) {
    const kb = k.weights.count * (k.precision.weight?.w ?? 16);
    if (kb <= uramBudget) {
      k.weights.placement = 'uram';
      uramBudget -= kb;
      inUram++;
    } else if (kb <= bramBudget) {
      k.weights.placement = 'bram';
      bramBudget -= kb;
      inBram++;
    }
  }
  const mb = (x: number): string => (x / 8 / 1e6).toFixed(2);
  notes.push(
    `weights: ${mb(allBits)} MB; ${streamed.length} kernel(s) would be memory-bound when streamed, of which ${inUram} ` +
      `fit in URAM and ${inBram} in BRAM (budget ${Math.round((opts.weightBramFraction ?? 0.25) * 100)} % of BRAM bits); all other ` +
      `weights stream from DDR tile by tile, overlapped with compute`,
  );
}
