/**
 * estimate(plan, board): resources, cycles, latency and power of a plan, per kernel, per unit, per layer
 * and for the model, with a fits-board check and every assumption spelled out. Deterministic and pure.
 * estimateRaw is the allocation-light numeric core the DSE calls thousands of times per second.
 */
import type { BoardSpec } from '../boards/board-spec';
import { fig, type Figure } from '../core/figure';
import { inputError } from '../core/errors';
import type { KernelInstance, Plan } from '../plan/plan';
import { planHash } from '../plan/hash';
import { fixedName } from '../plan/plan';
import { precisionLabel } from '../plan/precision';
import { formatTiles } from '../plan/tiles';
import { DEFAULT_COEFFICIENTS, makeCtx, type Coefficients, type Ctx, type KernelCycles } from './context';
import { addRes, dspPerMultiply, productsPerDsp, zero, type Res } from './fabric';
import { attentionCycles, attentionUnit } from './kernels/attention';
import { activationBuffers, interfaces } from './kernels/buffers';
import { geluUnit } from './kernels/gelu';
import { layernormCycles, layernormUnit } from './kernels/layernorm';
import { linearCycles, linearUnit, rowsPerRun } from './kernels/linear';
import { dispatchCycles, gateCycles, moeUnit } from './kernels/moe';
import { patchEmbedCycles, patchEmbedUnit } from './kernels/patch-embed';
import { residualUnit } from './kernels/residual';
import { DEFAULT_POWER, estimatePower, type PowerBreakdown, type PowerCoefficients } from './power';
import { checkFit, type ResourceKey, RESOURCE_KEYS } from './fit';
import type { CalibrationFactors, Estimate, KernelEstimate, LayerEstimate, ResourceFigures, UnitEstimate } from './types';

export type { CalibrationFactors, Estimate, KernelEstimate, LayerEstimate, ResourceFigures, UnitEstimate } from './types';

export interface AppliedCalibration {
  key: string; // board family + tool version
  factors: CalibrationFactors;
  samples: number;
}

export interface EstimateOptions {
  coefficients?: Partial<Coefficients>;
  power?: Partial<PowerCoefficients>;
  calibration?: AppliedCalibration | null;
  /** Utilisation limits for "fits with headroom" (fractions); defaults from FINN's floorplanner. */
  headroom?: Partial<Record<ResourceKey, number>>;
}

export interface UnitRaw {
  name: string;
  res: Res;
  kernels: number;
  busyCycles: number;
}

export interface RawEstimate {
  res: Res;
  units: UnitRaw[];
  kernelCycles: KernelCycles[]; // parallel to plan.kernels
  cycles: number;
  latencyMs: number;
  ddrBytes: number;
  macs: number;
  power: PowerBreakdown;
  ctx: Ctx;
}


function kernelCycles(k: KernelInstance, ctx: Ctx, out: KernelCycles): KernelCycles {
  if (k.fusedInto) {
    out.cycles = out.compute = out.memory = out.ddrBytes = out.macs = 0;
    return out;
  }
  switch (k.kind) {
    case 'linear':
    case 'head':
      return linearCycles(k, ctx, out);
    case 'patch-embed':
      return patchEmbedCycles(k, ctx, out);
    case 'moe-gate':
      return gateCycles(k, ctx, out);
    case 'moe-dispatch':
      return dispatchCycles(k, ctx, out);
    case 'attention':
      return attentionCycles(k, ctx, out);
    case 'layernorm':
      return layernormCycles(k, ctx, out);
    case 'gelu':
    case 'residual':
      out.cycles = out.compute = out.memory = out.ddrBytes = out.macs = 0;
      return out;
  }
}

export function estimateRaw(plan: Plan, board: BoardSpec, opts: EstimateOptions = {}): RawEstimate {
  if (plan.board !== board.id) throw inputError(`plan is for board '${plan.board}', not '${board.id}'`, { field: 'board' });
  if (!(plan.clockMHz > 0)) throw inputError(`plan clock must be positive, got ${plan.clockMHz}`, { field: 'clockMHz' });
  const coef = opts.coefficients ? { ...DEFAULT_COEFFICIENTS, ...opts.coefficients } : DEFAULT_COEFFICIENTS;
  const ctx = makeCtx(board, plan.tiles, plan.precision, plan.clockMHz, coef);

  const byUnit = new Map<string, KernelInstance[]>();
  const kc: KernelCycles[] = new Array(plan.kernels.length);
  let cycles = 0;
  let ddrBytes = 0;
  let macs = 0;
  const busy = new Map<string, number>();
  const cyclesById = new Map<string, number>();
  for (let i = 0; i < plan.kernels.length; i++) {
    const k = plan.kernels[i];
    const c = kernelCycles(k, ctx, { cycles: 0, compute: 0, memory: 0, ddrBytes: 0, macs: 0 });
    kc[i] = c;
    cycles += c.cycles;
    ddrBytes += c.ddrBytes;
    macs += c.macs;
    const unit = k.unit ?? k.kind;
    let list = byUnit.get(unit);
    if (!list) byUnit.set(unit, (list = []));
    list.push(k);
    // Fused units are busy while the kernel they ride on (always earlier in the plan) runs.
    if (!k.fusedInto) cyclesById.set(k.id, c.cycles);
    busy.set(unit, (busy.get(unit) ?? 0) + (k.fusedInto ? (cyclesById.get(k.fusedInto) ?? 0) : c.cycles));
  }

  const biasW = plan.precision.bias.w;
  const units: UnitRaw[] = [];
  const add = (name: string, res: Res, kernels: number, busyCycles: number) => units.push({ name, res, kernels, busyCycles });
  for (const [name, ks] of byUnit) {
    const b = busy.get(name) ?? 0;
    switch (name) {
      case 'linear':
        add(name, linearUnit(ks, ctx, biasW), ks.length, b);
        break;
      case 'attention':
        add(name, attentionUnit(ks, ctx), ks.length, b);
        break;
      case 'layernorm':
        add(name, layernormUnit(ks, ctx), ks.length, b);
        break;
      case 'gelu':
        add(name, geluUnit(ks, ctx), ks.length, b);
        break;
      case 'residual':
        add(name, residualUnit(ks, ctx), ks.length, b);
        break;
      case 'moe':
        add(name, moeUnit(ks, ctx), ks.length, b);
        break;
      default:
        // A kernel naming an unknown unit gets its own copy of the hardware its kind needs.
        add(name, unitFor(ks, ctx, biasW), ks.length, b);
    }
  }
  const pe = plan.kernels.filter((k) => k.kind === 'patch-embed');
  if (pe.length) add('patch-embed io', patchEmbedUnit(pe, ctx, biasW), pe.length, busy.get('linear') ?? 0);
  add('activation buffers', activationBuffers(plan.kernels, ctx), 0, cycles);
  add('interfaces', interfaces(ctx), 0, cycles);

  const cal = opts.calibration?.factors;
  const res = zero();
  for (const u of units) addRes(res, u.res);
  if (cal) {
    res.lut *= cal.lut;
    res.ff *= cal.ff;
    res.dsp *= cal.dsp;
    res.bram18k *= cal.bram18k;
    res.uram *= cal.uram;
    cycles *= cal.cycles;
  }
  res.lut = Math.ceil(res.lut);
  res.ff = Math.ceil(res.ff);
  res.dsp = Math.ceil(res.dsp);
  res.bram18k = Math.ceil(res.bram18k);
  res.uram = Math.ceil(res.uram);
  cycles = Math.ceil(cycles);
  const latencyMs = cycles / (plan.clockMHz * 1e3);
  const pc = opts.power ? { ...DEFAULT_POWER, ...opts.power } : DEFAULT_POWER;
  const power = estimatePower(
    units.map((u) => ({ res: u.res, activity: cycles > 0 ? Math.min(1, u.busyCycles / cycles) : 0 })),
    board,
    plan.clockMHz,
    ddrBytes,
    latencyMs / 1e3,
    pc,
  );
  if (cal && cal.power !== 1) scalePower(power, cal.power);
  return { res, units, kernelCycles: kc, cycles, latencyMs, ddrBytes, macs, power, ctx };
}

/** The layer's kind from its kernels (the plan keeps kernels, not layers). */
function layerKind(kinds: string[]): string {
  if (kinds.includes('attention')) return 'attention';
  if (kinds.includes('moe-gate') || kinds.includes('moe-dispatch')) return 'moe';
  if (kinds.includes('gelu')) return 'mlp';
  return kinds[0] ?? 'unknown';
}

function unitFor(ks: KernelInstance[], ctx: Ctx, biasW: number): Res {
  switch (ks[0].kind) {
    case 'attention': return attentionUnit(ks, ctx);
    case 'layernorm': return layernormUnit(ks, ctx);
    case 'gelu': return geluUnit(ks, ctx);
    case 'residual': return residualUnit(ks, ctx);
    case 'moe-dispatch': return moeUnit(ks, ctx);
    default: return linearUnit(ks, ctx, biasW);
  }
}

function scalePower(p: PowerBreakdown, f: number): void {
  p.totalW *= f;
  p.plW *= f;
  p.staticW *= f;
  p.dynamicW *= f;
  p.psDdrW *= f;
  for (const r of p.rails) r.watts *= f;
  for (const k of Object.keys(p.byResource) as Array<keyof PowerBreakdown['byResource']>) p.byResource[k] *= f;
}

// ---------------------------------------------------------------------------------------------------
// The user-facing estimate: every number a Figure with source 'estimate'.

const E = (v: number, unit: string, note?: string): Figure => fig(v, unit, 'estimate', note ? { note } : {});

function resFigures(r: Res): ResourceFigures {
  return { lut: E(Math.ceil(r.lut), 'LUT'), ff: E(Math.ceil(r.ff), 'FF'), dsp: E(Math.ceil(r.dsp), 'DSP'), bram18k: E(Math.ceil(r.bram18k), 'BRAM18K'), uram: E(Math.ceil(r.uram), 'URAM') };
}

export function estimate(plan: Plan, board: BoardSpec, opts: EstimateOptions = {}): Estimate {
  const raw = estimateRaw(plan, board, opts);
  const { ctx } = raw;
  const unitRes = new Map(raw.units.map((u) => [u.name, u.res]));

  const kernels: KernelEstimate[] = plan.kernels.map((k, i) => {
    const c = raw.kernelCycles[i];
    const bound = k.fusedInto || c.cycles === 0 ? 'fused' : c.memory > c.compute ? 'memory' : 'compute';
    return {
      id: k.id,
      kind: k.kind,
      layer: k.layer,
      unit: k.unit ?? k.kind,
      cycles: E(Math.ceil(c.cycles), 'cycles'),
      computeCycles: E(Math.ceil(c.compute), 'cycles'),
      memoryCycles: E(Math.ceil(c.memory), 'cycles'),
      ddrBytes: E(Math.round(c.ddrBytes), 'B'),
      macs: E(Math.round(c.macs), 'MAC'),
      bound,
    };
  });

  const layers: LayerEstimate[] = [];
  const byLayer = new Map<string, number>();
  const memSum = new Map<number, [number, number]>();
  const kindsOf = new Map<string, string[]>();
  plan.kernels.forEach((k, i) => {
    let li = byLayer.get(k.layer);
    if (li === undefined) {
      li = layers.length;
      byLayer.set(k.layer, li);
      layers.push({
        layer: k.layer,
        kind: k.kind,
        block: k.block,
        kernels: [],
        units: [],
        macs: E(0, 'MAC'),
        cycles: E(0, 'cycles'),
        latencyMs: E(0, 'ms'),
        ddrMB: E(0, 'MB'),
        bound: 'fused',
        ...resFigures(zero()),
      });
    }
    const L = layers[li];
    const c = raw.kernelCycles[i];
    L.kernels.push(k.id);
    const kinds = kindsOf.get(k.layer);
    if (kinds) kinds.push(k.kind);
    else kindsOf.set(k.layer, [k.kind]);
    const u = k.unit ?? k.kind;
    if (!L.units.includes(u)) L.units.push(u);
    L.macs.value += c.macs;
    L.cycles.value += c.cycles;
    L.ddrMB.value += c.ddrBytes / 1e6;
    if (c.cycles > 0) {
      const m = (memSum.get(li) ?? [0, 0]) as [number, number];
      m[0] += c.memory;
      m[1] += c.compute;
      memSum.set(li, m);
      L.bound = m[0] > m[1] ? 'memory' : 'compute';
    }
  });
  const cyclesScale = opts.calibration?.factors.cycles ?? 1;
  for (const L of layers) {
    L.kind = layerKind(kindsOf.get(L.layer) ?? []);
    const r = zero();
    for (const u of L.units) addRes(r, unitRes.get(u) ?? zero());
    Object.assign(L, resFigures(r));
    L.cycles.value = Math.ceil(L.cycles.value * cyclesScale);
    L.latencyMs.value = L.cycles.value / (plan.clockMHz * 1e3);
    L.macs.value = Math.round(L.macs.value);
    L.ddrMB.value = Math.round(L.ddrMB.value * 1e4) / 1e4;
  }
  const units: UnitEstimate[] = raw.units.map((u) => ({
    name: u.name,
    kernels: u.kernels,
    activity: E(raw.cycles > 0 ? Math.round(Math.min(1, u.busyCycles / raw.cycles) * 1000) / 10 : 0, '%'),
    ...resFigures(u.res),
  }));

  const p = raw.power;
  const gop = (2 * raw.macs) / 1e9;
  const latS = raw.latencyMs / 1e3;
  const fit = checkFit(raw.res, board, plan.clockMHz, opts.headroom);
  const cal = opts.calibration;
  return {
    planHash: planHash(plan),
    board: board.id,
    part: board.part,
    clockMHz: plan.clockMHz,
    model: plan.model.name,
    precision: precisionLabel(plan.precision),
    tiles: formatTiles(plan.tiles),
    totals: {
      ...resFigures(raw.res),
      cycles: E(raw.cycles, 'cycles'),
      latencyMs: E(raw.latencyMs, 'ms'),
      fps: E(latS > 0 ? 1 / latS : 0, 'frames/s'),
      powerW: E(p.totalW, 'W', 'PL + PS/DDR'),
      plPowerW: E(p.plW, 'W', 'PL rails only'),
      energyMJ: E(p.totalW * raw.latencyMs, 'mJ'),
      macs: E(raw.macs, 'MAC'),
      gops: E(latS > 0 ? gop / latS : 0, 'GOPS', '2 ops per multiply-accumulate'),
      gopsPerW: E(latS > 0 && p.totalW > 0 ? gop / latS / p.totalW : 0, 'GOPS/W'),
      ddrMB: E(raw.ddrBytes / 1e6, 'MB'),
    },
    units,
    layers,
    kernels,
    power: {
      totalW: E(p.totalW, 'W'),
      plW: E(p.plW, 'W'),
      staticW: E(p.staticW, 'W'),
      dynamicW: E(p.dynamicW, 'W'),
      psDdrW: E(p.psDdrW, 'W'),
      rails: p.rails.map((r) => ({ name: r.name, watts: E(r.watts, 'W'), ...(r.sensor ? { sensor: r.sensor } : {}) })),
    },
    fit,
    assumptions: assumptions(plan, board, ctx, raw, opts),
    calibration: cal
      ? { applied: true, key: cal.key, samples: cal.samples, factors: cal.factors, note: `calibrated for ${cal.key} from ${cal.samples} report(s)` }
      : { applied: false, note: 'uncalibrated: first-principles coefficients only' },
  };
}

function assumptions(plan: Plan, board: BoardSpec, ctx: Ctx, raw: RawEstimate, opts: EstimateOptions): string[] {
  const c = ctx.coef;
  const t = plan.tiles;
  const p = plan.precision;
  const pc = opts.power ? { ...DEFAULT_POWER, ...opts.power } : DEFAULT_POWER;
  const pack = productsPerDsp(p.activation.w, p.weight.w, ctx.dsp);
  const perMul = dspPerMultiply(p.activation.w, p.weight.w, ctx.dsp);
  const expert = plan.kernels.find((k) => k.shape.routed !== undefined && k.repeats > 1 && k.unit === 'linear');
  const list = [
    `architecture: one unified linear unit of ${t.linearIn}×${t.linearOut} MACs (in × out tile) runs ${plan.kernels.filter((k) => k.unit === 'linear').length} linear kernels in sequence; GELU, residual adds and the MoE combine are fused into its output stage (no cycles of their own)`,
    `linear loop: weight-stationary per tile — ${t.linearIn}×${t.linearOut} weights loaded once (double-buffered, overlapped with the previous tile), all token rows stream past at II=1; a tile costs max(rows, pipeline depth ${ctx.coef.dspLatency}+log2(in)+2, weight-load cycles)`,
    `multiplies: ${ctx.dsp} ports ${ctx.dsp === 'DSP48E1' ? '25×18' : ctx.dsp === 'DSP58' ? '27×24' : '27×18'}; ${fixedName(p.activation)} × ${fixedName(p.weight)} needs ${pack > 1 ? `1/${pack} DSP (two ≤8-bit products packed in one DSP, sharing the activation)` : `${perMul} DSP per multiply`}; wider operands split into (port−1)-bit unsigned low pieces + a signed top piece`,
    `adders, comparators and muxes in LUTs (1 LUT/bit on the carry chain, 4:1 mux per LUT6), every adder-tree level registered; HLS may absorb some adders into DSP post-adders (calibration corrects)`,
    `buffers: banked by the lanes that read them per cycle; a bank ≤ 2 words → registers, ≤ 64 deep → LUTRAM, else BRAM18K in its best aspect ratio (1/2/4/9/18/36 × 16K…512)${ctx.uram ? ', URAM (72 × 4096) for large banks' : ''}`,
    `attention: reordered single-pass online softmax, ${t.attnHeads} head(s) × ${t.attnKeys} keys per cycle, ${t.attnDim ? `${t.attnDim} products per lane (head dimension folded)` : 'whole-head dot product per lane'}, queries interleaved so the max/sum recurrence (${c.expUnit.depth + 2 * c.dspLatency + 4} cycles) never stalls; 1/√d folded into the Q weights; exp by base-2 split (${c.expUnit.dsp} DSP, ${c.expUnit.lut} LUT each)`,
    `LayerNorm: ${Math.min(t.linearIn, 1e9)} lanes, two passes per token (Σx/Σx², then normalise), passes of successive tokens overlapped`,
    `memory: ${(board.memory.bytesPerSecond / 1e9).toFixed(1)} GB/s peak DRAM (${board.provenance['memory.bytesPerSecond'] ?? 'board file'}) × ${c.ddrEfficiency} sustained = ${ctx.ddrBytesPerCycle.toFixed(1)} B/cycle at ${plan.clockMHz} MHz over ${ctx.axiPorts} × ${c.axiPortBytes * 8}-bit AXI port(s); weight loads overlap compute (max of the two, plus the first tile's fill)`,
    `activations stay on chip for the whole inference (batch 1); weights resident on chip are loaded once at start-up, not per image`,
    `power: static ${board.family} scaled by device size; dynamic µW/MHz per busy element LUT ${pc.lut}, FF ${pc.ff}, DSP ${pc.dsp}, BRAM18K ${pc.bram18k}, URAM ${pc.uram}, clock tree ${pc.clock}/FF always; activity = fraction of cycles each unit computes; DRAM ${pc.ddrPjPerByte} pJ/byte; ${board.family === 'alveo' ? '' : 'PS floor included in the total; '}PL-only figure given separately`,
    `per-layer resources are those of the units the layer runs on; units are shared across layers, so the total is the sum over units, not over layers`,
    `cycles: ${c.kernelSwitchCycles} cycles to switch kernels on a unit; kernels run one after another (no overlap between layers)`,
    `GOPS = 2 × multiply-accumulates / latency (${(raw.macs / 1e9).toFixed(3)} G MAC per inference)`,
  ];
  if (expert) list.push(`MoE: tokens per expert = tokens·topk/experts = ${rowsPerRun(expert).toFixed(2)} on average (balanced routing); every expert's weights stream once per image`);
  for (const n of plan.notes ?? []) list.push(`plan: ${n}`);
  if (opts.calibration) {
    const f = opts.calibration.factors;
    list.push(`calibration ${opts.calibration.key} applied (${opts.calibration.samples} report(s)): LUT ×${f.lut.toFixed(3)}, FF ×${f.ff.toFixed(3)}, DSP ×${f.dsp.toFixed(3)}, BRAM ×${f.bram18k.toFixed(3)}, cycles ×${f.cycles.toFixed(3)}, power ×${f.power.toFixed(3)}`);
  } else list.push('no calibration applied: first-principles coefficients only');
  if (plan.clockMHz > board.clocks.maxMHz) list.push(`clock ${plan.clockMHz} MHz is above the board's usual maximum ${board.clocks.maxMHz} MHz: timing closure is not modelled`);
  return list;
}

export { RESOURCE_KEYS };
