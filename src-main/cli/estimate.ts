/**
 * `fpga-workbench estimate (MODEL | --arch SPEC | --preset NAME) --board BOARD [--clock MHZ] [--tiles …]
 * [--precision …] [--json]`: resources, cycles, latency and power of the plan, per layer and in total,
 * every figure labelled 'estimate'; for M³ViT-T on ZCU102 also the published designs beside ours.
 */
import type { Command } from 'commander';
import { inputError } from '../core/errors';
import { formatFigure } from '../core/figure';
import { loadBoard } from '../boards/registry';
import type { BoardSpec } from '../boards/board-spec';
import type { ModelStructure } from '../graph/ir';
import { importModel } from '../graph/import-model';
import { formatArchSpec, presetSpec, PRESETS } from '../graph/arch-spec';
import type { Plan } from '../plan/plan';
import { planFromStructure } from '../plan/from-graph';
import { parsePrecision } from '../plan/precision';
import { parseTiles } from '../plan/tiles';
import { estimate, type AppliedCalibration, type Estimate } from '../estimate/estimate';
import { getCalibration } from '../estimate/calibration';
import type { OursAtPrecisionRow } from '../estimate/types';
import { ANCHOR_SOURCE, M3VIT_T_LIMIT, PUBLISHED_OPS_PER_IMAGE, publishedRows, type PublishedRow } from '../estimate/anchors';
import { bestTiling } from '../dse/default-plan';

export interface ModelArgs {
  model?: string;
  arch?: string;
  preset?: string;
}

export async function loadStructure(a: ModelArgs): Promise<{ structure: ModelStructure; presetName?: string }> {
  const given = [a.model, a.arch, a.preset].filter((x) => x !== undefined).length;
  if (given !== 1) throw inputError('give exactly one of: MODEL (an .onnx file), --arch SPEC, --preset NAME', { field: 'model' });
  const m = await importModel(a.model !== undefined ? a.model : a.arch !== undefined ? { arch: a.arch } : { preset: a.preset! });
  // A preset name only when the spec is exactly that preset (overrides make it another model).
  let presetName: string | undefined;
  if (m.spec) {
    const canon = formatArchSpec(m.spec);
    presetName = Object.keys(PRESETS).find((p) => formatArchSpec(presetSpec(p)) === canon);
  }
  return { structure: m.structure, presetName };
}

export function parseClock(text: string | undefined, board: BoardSpec): number {
  if (text === undefined) return board.clocks.defaultMHz;
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || v > 1000) throw inputError(`--clock must be a frequency in MHz (0 < f ≤ 1000), got '${text}'`, { field: 'clock' });
  return v;
}

export interface EstimateRun {
  plan: Plan;
  estimate: Estimate;
  tilesChosen: 'given' | 'searched';
}

/** Plan (given tiles, or the fastest tiling within headroom) and estimate. */
export function planAndEstimate(structure: ModelStructure, board: BoardSpec, clockMHz: number, o: { tiles?: string; precision?: string; calibration?: AppliedCalibration | null }): EstimateRun {
  const precision = parsePrecision(o.precision);
  let plan: Plan;
  let tilesChosen: EstimateRun['tilesChosen'] = 'given';
  if (o.tiles !== undefined) plan = planFromStructure(structure, { board, clockMHz, precision, tiles: parseTiles(o.tiles) });
  else {
    plan = bestTiling(structure, board, { clockMHz, precision: o.precision ?? 'default', calibration: o.calibration }).plan;
    tilesChosen = 'searched';
  }
  return { plan, estimate: estimate(plan, board, { calibration: o.calibration ?? null }), tilesChosen };
}

export interface Comparison {
  source: string;
  published: PublishedRow[];
  ours: OursAtPrecisionRow[];
  notes: string[];
}

/** Ours at the published designs' precisions (W16A32, INT8) and at the requested one, beside the papers. */
export function m3vitComparison(structure: ModelStructure, board: BoardSpec, clockMHz: number, run: EstimateRun, calibration: AppliedCalibration | null): Comparison {
  const row = (name: string, e: Estimate) => ({
    name,
    precision: e.precision,
    tiles: e.tiles,
    latencyMs: e.totals.latencyMs,
    powerW: e.totals.powerW,
    gops: e.totals.gops,
    gopsPerW: e.totals.gopsPerW,
    gopsPublishedCount: { ...e.totals.gops, value: PUBLISHED_OPS_PER_IMAGE / 1e9 / (e.totals.latencyMs.value / 1e3), note: `${(PUBLISHED_OPS_PER_IMAGE / 1e9).toFixed(2)} G op/image as the papers count` },
    dsp: e.totals.dsp,
    bram18k: e.totals.bram18k,
    bram36: { ...e.totals.bram18k, value: Math.ceil(e.totals.bram18k.value / 2), unit: 'BRAM36' },
    lut: e.totals.lut,
    ff: e.totals.ff,
    fits: e.fit.fits,
  });
  const ours = [row(`ours (${run.estimate.precision}, as requested)`, run.estimate)];
  for (const p of ['w16a32', 'int8']) {
    const r = planAndEstimate(structure, board, clockMHz, { precision: p, calibration });
    ours.push(row(`ours (${r.estimate.precision}, tiles searched)`, r.estimate));
  }
  const notes = [
    `published figures from ${ANCHOR_SOURCE}; theirs are measured on the board as each paper reports (power measured by each paper's own method), ours are estimates (PL model + a PS/DDR model)`,
    `GOPS: ours count 2 ops per MAC (${(run.estimate.totals.macs.value / 1e9).toFixed(3)} G MAC); the papers' GOPS × latency = ${(PUBLISHED_OPS_PER_IMAGE / 1e9).toFixed(2)} G op/image, so "GOPS (paper count)" divides that by our latency`,
    `BRAM: the papers do not name the unit (Vivado "Block RAM Tile" = BRAM36); ours in BRAM18K and BRAM36-equivalent`,
    `physical limit (anchors.md): ${M3VIT_T_LIMIT.note}`,
  ];
  if (clockMHz !== 300) notes.push(`published designs run at 300 MHz; ours at ${clockMHz} MHz`);
  return { source: ANCHOR_SOURCE, published: publishedRows(), ours, notes };
}

// ---------------------------------------------------------------------------------------------------
// Text output

const n0 = (v: number): string => Math.round(v).toLocaleString('en-US');
const f3 = (v: number): string => (v >= 100 ? v.toFixed(1) : v >= 1 ? v.toFixed(3) : v.toPrecision(3));

export function table(head: string[], rows: string[][], rightFrom = 1): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) => r.map((c, i) => (i >= rightFrom ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ');
  return [fmt(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(fmt)].join('\n');
}

export function formatEstimate(run: EstimateRun, comparison?: Comparison): string {
  const e = run.estimate;
  const out: string[] = [];
  out.push(`estimate [source: estimate] — ${e.model} on ${e.board} (${e.part}) at ${e.clockMHz} MHz, ${e.precision}, tiles ${e.tiles}${run.tilesChosen === 'searched' ? ' (searched: fastest within headroom)' : ''}, plan ${e.planHash}`);
  out.push(`calibration: ${e.calibration.note}`);
  out.push('');
  out.push('per layer (resources: of the units the layer runs on, shared):');
  out.push(
    table(
      ['layer', 'kind', 'cycles', 'latency ms', 'MMAC', 'DDR MB', 'bound', 'LUT', 'FF', 'DSP', 'BRAM18K', 'URAM'],
      e.layers.map((l) => [l.layer, l.kind, n0(l.cycles.value), f3(l.latencyMs.value), (l.macs.value / 1e6).toFixed(2), l.ddrMB.value.toFixed(3), l.bound, n0(l.lut.value), n0(l.ff.value), n0(l.dsp.value), n0(l.bram18k.value), n0(l.uram.value)]),
      2,
    ),
  );
  out.push('');
  out.push('hardware units (these sum to the total):');
  out.push(table(['unit', 'kernels', 'busy %', 'LUT', 'FF', 'DSP', 'BRAM18K', 'URAM'], e.units.map((u) => [u.name, String(u.kernels), u.activity.value.toFixed(1), n0(u.lut.value), n0(u.ff.value), n0(u.dsp.value), n0(u.bram18k.value), n0(u.uram.value)]), 1));
  out.push('');
  const t = e.totals;
  const u = e.fit.utilisation;
  out.push('total:');
  out.push(`  LUT      ${formatFigure(t.lut)}  (${u.lut.value} %)`);
  out.push(`  FF       ${formatFigure(t.ff)}  (${u.ff.value} %)`);
  out.push(`  DSP      ${formatFigure(t.dsp)}  (${u.dsp.value} %)`);
  out.push(`  BRAM18K  ${formatFigure(t.bram18k)}  (${u.bram18k.value} %)`);
  out.push(`  URAM     ${formatFigure(t.uram)}  (${u.uram.value} %)`);
  out.push(`  cycles   ${formatFigure(t.cycles)}`);
  out.push(`  latency  ${formatFigure(t.latencyMs, 4)}  (${formatFigure(t.fps)})`);
  out.push(`  power    ${formatFigure(t.powerW)} total, ${formatFigure(t.plPowerW)} PL; ${e.power.rails.map((r) => `${r.name}${r.sensor ? ` (board sensor ${r.sensor})` : ''} ${formatFigure(r.watts)}`).join(', ')}`);
  out.push(`  energy   ${formatFigure(t.energyMJ)} per inference; ${formatFigure(t.gops, 4)}, ${formatFigure(t.gopsPerW)}`);
  out.push(`  DDR      ${formatFigure(t.ddrMB)} per inference`);
  out.push('');
  out.push(`fits board: ${e.fit.fits ? 'yes' : 'NO'}${e.fit.fits && !e.fit.fitsWithHeadroom ? ' (but above headroom limits)' : ''}`);
  for (const m of e.fit.messages) out.push(`  ${m}`);
  if (comparison) {
    out.push('');
    out.push('M³ViT-T on ZCU102 — published designs [published] beside ours [estimate]:');
    const rows: string[][] = comparison.published.map((p) => [
      `${p.name} [published]`, p.precision, `${p.clockMHz}`, f3(p.latencyMs.value), f3(p.powerW.value), f3(p.gops.value), '-', f3(p.gopsPerW.value),
      p.dsp ? n0(p.dsp.value) : 'n/a', p.bram ? `${n0(p.bram.value)} (unit?)` : 'n/a', p.lut ? n0(p.lut.value) : 'n/a', p.ff ? n0(p.ff.value) : 'n/a', '',
    ]);
    for (const o of comparison.ours) {
      rows.push([
        `${o.name} [estimate]`, o.precision, `${e.clockMHz}`, f3(o.latencyMs.value), f3(o.powerW.value), f3(o.gops.value), f3(o.gopsPublishedCount.value), f3(o.gopsPerW.value),
        n0(o.dsp.value), `${n0(o.bram18k.value)} 18K = ${n0(o.bram36.value)} 36K`, n0(o.lut.value), n0(o.ff.value), o.fits ? 'fits' : 'OVER',
      ]);
    }
    out.push(table(['design', 'precision', 'MHz', 'latency ms', 'power W', 'GOPS', 'GOPS (paper count)', 'GOPS/W', 'DSP', 'BRAM', 'LUT', 'FF', ''], rows, 2));
    for (const n of comparison.notes) out.push(`  note: ${n}`);
  }
  out.push('');
  out.push('assumptions:');
  for (const a of e.assumptions) out.push(`  - ${a}`);
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('estimate')
    .description('estimate resources, cycles, latency and power of a model on a board (every figure labelled estimate)')
    .argument('[model]', 'ONNX model file')
    .option('--arch <spec>', 'architecture spec, e.g. vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4')
    .option('--preset <name>', 'named architecture: m3vit-t, vit-tiny, vit-small, vit-base')
    .requiredOption('--board <id>', 'board id (boards/<id>.json), e.g. zcu102')
    .option('--clock <mhz>', 'PL clock in MHz (default: the board default)')
    .option('--tiles <tiles>', 'tile factors in=N,out=N,heads=N,keys=N (default: searched, fastest within headroom)')
    .option('--precision <p>', 'int8 | w16a32 | wNaM | act=W.I,weight=W.I,acc=W.I,… (default W16A16)')
    .option('--calibration <file>', 'calibration JSON (default: the user calibration file, when it has an entry for this board family)')
    .option('--no-calibrate', 'ignore any calibration')
    .option('--json', 'machine-readable JSON on stdout')
    .action(async (model: string | undefined, o: { arch?: string; preset?: string; board: string; clock?: string; tiles?: string; precision?: string; calibration?: string; calibrate: boolean; json?: boolean }) => {
      const board = loadBoard(o.board);
      const clockMHz = parseClock(o.clock, board);
      const { structure, presetName } = await loadStructure({ model, arch: o.arch, preset: o.preset });
      const calibration = o.calibrate === false ? null : getCalibration(board.family, undefined, o.calibration);
      const run = planAndEstimate(structure, board, clockMHz, { tiles: o.tiles, precision: o.precision, calibration });
      const comparison = presetName === 'm3vit-t' && board.id === 'zcu102' ? m3vitComparison(structure, board, clockMHz, run, calibration) : undefined;
      if (o.json) process.stdout.write(JSON.stringify({ estimate: run.estimate, tilesChosen: run.tilesChosen, plan: run.plan, ...(comparison ? { comparison } : {}) }, null, 2) + '\n');
      else process.stdout.write(formatEstimate(run, comparison) + '\n');
    });
}
