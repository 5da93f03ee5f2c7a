/**
 * The one linear compute unit of a generated design: its static bounds (max rows / K / N), tiles and
 * the single storage type of its weight and bias ports, and the model's weights re-typed to it.
 *
 * Storage types: the unit's weight port holds the plan's weight type. A layer whose own weight type
 * (a per-tensor override) fits inside it is stored exactly in it; one that does not (more integer or
 * fraction bits) widens the port to the smallest type holding every layer's type. Either way each
 * layer's weights are first rounded to the layer's own type, so the stored values are bit-exact what
 * the layer's precision asks for; only the container may be wider. Biases likewise with the plan's
 * bias type, the accumulator with the widest linear accumulator.
 *
 * Placement: linear weights the plan keeps on chip (bram / uram) are laid out first in the unit's
 * weight file, so the top copies them once into a resident array at the same offsets; all other
 * weights stream from DDR. Their biases always come from DDR (N values per call).
 */
import type { FixedType, Plan } from '../plan/plan';
import { fixedName } from '../plan/plan';
import { modelError } from '../core/errors';
import type { CodegenModel, LinearRef, WeightTensor } from './model-view';
import { quantizer, fracBits, WEIGHT_MODE } from './quantize';

/** One call of the unit: a layer's (or one expert's) shape. */
export interface LinearUse { ref: LinearRef; K: number; N: number; rows: number; layer: string }

export interface LinearUnitSpec {
  maxT: number;
  maxK: number;
  maxN: number;
  TI: number;
  TO: number;
  wType: FixedType;
  bType: FixedType;
  acc: FixedType;
  /**
   * Tensors kept resident on chip, each laid out first in its weight file: linear weights the plan
   * places in bram / uram, LayerNorm parameters, class token and position embedding.
   */
  resident: Set<string>;
  uses: LinearUse[];
}

/** Every linear the model runs, with the K / N / rows of one call (experts: one expert). */
export function linearUses(model: CodegenModel): LinearUse[] {
  const u: LinearUse[] = [];
  const T = model.tokens;
  for (const s of model.steps) {
    switch (s.kind) {
      case 'patch-embed': u.push({ ref: s.lin, K: s.C * s.P * s.P, N: s.D, rows: (s.H / s.P) * (s.W / s.P), layer: s.layer }); break;
      case 'attention': u.push({ ref: s.qkv, K: s.qkv.inF, N: s.qkv.outF, rows: T, layer: s.layer }, { ref: s.proj, K: s.proj.inF, N: s.proj.outF, rows: T, layer: s.layer }); break;
      case 'mlp': u.push({ ref: s.fc1, K: s.fc1.inF, N: s.fc1.outF, rows: T, layer: s.layer }, { ref: s.fc2, K: s.fc2.inF, N: s.fc2.outF, rows: T, layer: s.layer }); break;
      case 'moe': u.push(
        { ref: s.gate, K: s.gate.inF, N: s.E, rows: T, layer: s.layer },
        { ref: s.fc1, K: model.dim, N: s.hidden, rows: T, layer: s.layer },
        { ref: s.fc2, K: s.hidden, N: model.dim, rows: T, layer: s.layer },
      ); break;
      case 'head': u.push({ ref: s.lin, K: s.lin.inF, N: s.classes, rows: 1, layer: s.layer }); break;
      default: break;
    }
  }
  return u;
}

/** Smallest type holding every value of a and of b exactly. */
export function joinFixed(a: FixedType, b: FixedType): FixedType {
  const signed = a.signed || b.signed;
  // an unsigned type's integer bits need one more bit in a signed container
  const int = (t: FixedType) => t.i + (signed && !t.signed ? 1 : 0);
  const i = Math.max(int(a), int(b));
  const f = Math.max(fracBits(a), fracBits(b));
  return { w: i + f, i, signed };
}

const same = (a: FixedType, b: FixedType): boolean => a.w === b.w && a.i === b.i && a.signed === b.signed;

export function planLinearUnit(model: CodegenModel, plan: Plan, notes: string[]): LinearUnitSpec {
  const uses = linearUses(model);
  if (!uses.length) throw modelError('the model has no linear layer');
  let wType = plan.precision.weight;
  let bType = plan.precision.bias;
  let acc = uses[0].ref.acc;
  for (const u of uses) {
    wType = joinFixed(wType, u.ref.wType);
    bType = joinFixed(bType, u.ref.bType);
    acc = joinFixed(acc, u.ref.acc);
  }
  if (!same(wType, plan.precision.weight)) notes.push(`linear unit: weight port widened from ${fixedName(plan.precision.weight)} to ${fixedName(wType)} so every layer's weight type fits exactly (values stay rounded to each layer's own type)`);
  if (!same(bType, plan.precision.bias)) notes.push(`linear unit: bias port widened from ${fixedName(plan.precision.bias)} to ${fixedName(bType)} so every layer's bias type fits exactly`);
  if (uses.some((u) => !same(u.ref.acc, acc))) notes.push(`linear unit: one accumulator ${fixedName(acc)} for all layers (the widest the plan asks for)`);
  if (wType.w > 32 || bType.w > 32) throw modelError(`linear unit: the weight types of the layers do not fit one storage type of at most 32 bits (${fixedName(wType)}, ${fixedName(bType)}); use one weight precision`);
  const maxT = Math.max(model.tokens, ...uses.map((u) => u.rows));
  const maxK = Math.max(...uses.map((u) => u.K));
  const maxN = Math.max(...uses.map((u) => u.N));
  const TI = Math.max(1, Math.min(Math.floor(plan.tiles.linearIn), maxK));
  const TO = Math.max(1, Math.min(Math.floor(plan.tiles.linearOut), maxN));
  const padded = [...new Set(uses.filter((u) => u.K % TI !== 0 || u.N % TO !== 0).map((u) => `${u.ref.w} (${u.K}x${u.N})`))];
  if (padded.length) notes.push(`linear unit ${TI}x${TO}: the last tile is zero-padded for ${padded.slice(0, 6).join(', ')}${padded.length > 6 ? ', …' : ''}`);
  const onChip = (p: string | undefined) => p === 'bram' || p === 'uram';
  const resident = new Set(uses.filter((u) => onChip(u.ref.placement)).map((u) => u.ref.w));
  if (resident.size) {
    const values = model.weights.filter((t) => resident.has(t.name)).reduce((a, t) => a + t.count, 0);
    notes.push(`resident weights: ${resident.size} linear weight tensor(s), ${values} values, kept on chip as the plan places them (loaded once); their biases and all other weights stream from DDR`);
  }
  for (const s of model.steps) {
    if (s.kind === 'layernorm') {
      const k = plan.kernels.find((x) => x.layer === s.layer && x.kind === 'layernorm');
      if (!k || onChip(k.weights.placement)) resident.add(s.gamma).add(s.beta);
    }
    if (s.kind === 'patch-embed') {
      resident.add(s.pos);
      if (s.clsTok) resident.add(s.clsTok);
    }
  }
  return { maxT, maxK, maxN, TI, TO, wType, bType, acc, resident, uses };
}

/** A warning for every on-chip placement of the plan this design does not follow. */
export function placementWarnings(model: CodegenModel, plan: Plan): string[] {
  const honoured = new Set<string>();
  for (const u of linearUses(model)) if (u.ref.placement === 'bram' || u.ref.placement === 'uram') honoured.add(u.layer);
  for (const s of model.steps) if (s.kind === 'layernorm') honoured.add(s.layer);
  return plan.kernels
    .filter((k) => k.weights.count > 0 && k.weights.placement !== 'ddr' && !honoured.has(k.layer))
    .map((k) => `${k.id}: the plan keeps its weights in ${k.weights.placement.toUpperCase()}, the generated design streams them from DDR`);
}

/**
 * The model with every linear weight stored in the unit's weight type and every linear bias in its
 * bias type (values first rounded to their own type), resident weights first.
 */
export function unifyLinearStorage(model: CodegenModel, unit: LinearUnitSpec): CodegenModel {
  const wNames = new Set(unit.uses.map((u) => u.ref.w));
  const bNames = new Set(unit.uses.map((u) => u.ref.b));
  const retype = (t: WeightTensor, to: FixedType): WeightTensor => {
    if (same(t.type, to)) return t;
    const own = t.type;
    return {
      ...t,
      type: to,
      fill: (o) => {
        t.fill(o);
        const q = quantizer(own, WEIGHT_MODE);
        const s = 2 ** -fracBits(own);
        for (let i = 0; i < o.length; i++) o[i] = q(o[i]) * s;
      },
    };
  };
  const weights = model.weights.map((t) => (wNames.has(t.name) ? retype(t, unit.wType) : bNames.has(t.name) ? retype(t, unit.bType) : t));
  const first = weights.filter((t) => unit.resident.has(t.name));
  const rest = weights.filter((t) => !unit.resident.has(t.name));
  return { ...model, weights: [...first, ...rest] };
}
