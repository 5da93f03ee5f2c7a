/**
 * Calibration: multiplicative corrections of the first-principles model, fitted from parsed csynth / impl
 * reports of designs whose configuration is known — the report fixtures we can describe honestly as small
 * known kernels, and every build the user runs — stored per board family and tool version in one JSON
 * file (atomic writes). estimate() applies them when asked and says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BoardSpec } from '../boards/board-spec';
import { writeJsonAtomic } from '../core/atomic-write';
import { fileError } from '../core/errors';
import { userDataDir } from '../core/app-dirs';
import type { Plan } from '../plan/plan';
import type { CsynthXml } from '../toolchain/parsers/csynth-xml';
import type { CsynthReport } from '../toolchain/parsers/csynth-report';
import type { UtilizationReport } from '../toolchain/parsers/utilization-report';
import type { PowerReport } from '../toolchain/parsers/power-report';
import { parseCsynthReport } from '../toolchain/parsers/csynth-report';
import { parseCsynthXml } from '../toolchain/parsers/csynth-xml';
import { parsePowerReport } from '../toolchain/parsers/power-report';
import { DEFAULT_COEFFICIENTS } from './context';
import type { AppliedCalibration, CalibrationFactors, RawEstimate } from './estimate';
import { estimateRaw } from './estimate';
import { adder, adderTree, addRes, comparatorLut, counter, dspForMultiplies, muxLut, zero, type DspType } from './fabric';

export const METRICS = ['lut', 'ff', 'dsp', 'bram18k', 'uram', 'cycles', 'power'] as const;
export type Metric = (typeof METRICS)[number];
export type Metrics = Partial<Record<Metric, number>>;

export interface CalibrationSample {
  id: string; // unique: fixture path or run id + report
  design: string;
  source: 'csynth' | 'impl';
  family: BoardSpec['family'] | string;
  toolVersion: string;
  estimate: Metrics;
  report: Metrics;
  addedAt?: string;
}

export interface CalibrationEntry {
  family: string;
  toolVersion: string;
  factors: CalibrationFactors;
  samples: CalibrationSample[];
  fittedAt: string;
}

export interface CalibrationFile {
  version: 1;
  entries: Record<string, CalibrationEntry>;
}

export const calibrationKey = (family: string, toolVersion: string): string => `${family}|${toolVersion}`;

export const UNIT_FACTORS: CalibrationFactors = { lut: 1, ff: 1, dsp: 1, bram18k: 1, uram: 1, cycles: 1, power: 1 };

/**
 * Factor per metric = geometric mean of report / estimate over the samples that have both (> 0),
 * clamped to [0.1, 10] so one odd report cannot wreck the model. Metrics without samples stay 1.
 */
export function fitFactors(samples: readonly CalibrationSample[]): CalibrationFactors {
  const f: CalibrationFactors = { ...UNIT_FACTORS };
  for (const m of METRICS) {
    let sum = 0;
    let n = 0;
    for (const s of samples) {
      const e = s.estimate[m];
      const r = s.report[m];
      if (e !== undefined && r !== undefined && e > 0 && r > 0) {
        sum += Math.log(r / e);
        n++;
      }
    }
    if (n) f[m] = Math.min(10, Math.max(0.1, Math.exp(sum / n)));
  }
  return f;
}

/** Relative error per metric, (estimate − report) / report, for the bench and the Resources view. */
export function sampleErrors(s: CalibrationSample, factors: CalibrationFactors = UNIT_FACTORS): Partial<Record<Metric, number>> {
  const out: Partial<Record<Metric, number>> = {};
  for (const m of METRICS) {
    const e = s.estimate[m];
    const r = s.report[m];
    if (e !== undefined && r !== undefined && r > 0) out[m] = (e * factors[m] - r) / r;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Store

export const defaultCalibrationFile = (): string => path.join(userDataDir(), 'calibration.json');

export function readCalibrationFile(file = defaultCalibrationFile()): CalibrationFile {
  if (!existsSync(file)) return { version: 1, entries: {} };
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw fileError(`calibration file is not valid JSON: ${(err as Error).message}`, { file }, err);
  }
  const d = doc as Partial<CalibrationFile>;
  if (!d || d.version !== 1 || typeof d.entries !== 'object' || d.entries === null) throw fileError('not a calibration file (expected { version: 1, entries })', { file });
  return d as CalibrationFile;
}

/**
 * The calibration for a board family: the given tool version's entry, else the entry with the most
 * samples for that family (newest tool version on ties), else null.
 */
export function getCalibration(family: string, toolVersion?: string, file = defaultCalibrationFile()): AppliedCalibration | null {
  const doc = readCalibrationFile(file);
  let best: CalibrationEntry | undefined;
  for (const e of Object.values(doc.entries)) {
    if (e.family !== family) continue;
    if (toolVersion !== undefined) {
      if (e.toolVersion === toolVersion) best = e;
      continue;
    }
    if (!best || e.samples.length > best.samples.length || (e.samples.length === best.samples.length && e.toolVersion > best.toolVersion)) best = e;
  }
  return best ? { key: calibrationKey(best.family, best.toolVersion), factors: best.factors, samples: best.samples.length } : null;
}

/** Add (or replace, by id) samples and refit the affected entries; one atomic write. */
export async function addCalibrationSamples(samples: readonly CalibrationSample[], file = defaultCalibrationFile(), now = new Date()): Promise<CalibrationFile> {
  const doc = readCalibrationFile(file);
  const touched = new Set<string>();
  for (const s of samples) {
    const key = calibrationKey(s.family, s.toolVersion);
    const e = (doc.entries[key] ??= { family: s.family, toolVersion: s.toolVersion, factors: { ...UNIT_FACTORS }, samples: [], fittedAt: now.toISOString() });
    e.samples = e.samples.filter((x) => x.id !== s.id);
    e.samples.push({ ...s, addedAt: s.addedAt ?? now.toISOString() });
    touched.add(key);
  }
  for (const key of touched) {
    const e = doc.entries[key];
    e.samples.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    e.factors = fitFactors(e.samples);
    e.fittedAt = now.toISOString();
  }
  await writeJsonAtomic(file, doc);
  return doc;
}

// ---------------------------------------------------------------------------------------------------
// Samples from a user's build: the plan's uncalibrated estimate against what the tools reported.

export interface BuildReports {
  csynth?: CsynthXml | CsynthReport;
  impl?: UtilizationReport;
  power?: PowerReport;
  runId: string;
}

export function samplesFromBuild(plan: Plan, board: BoardSpec, reports: BuildReports): CalibrationSample[] {
  const raw: RawEstimate = estimateRaw(plan, board, { calibration: null });
  const est: Metrics = { lut: raw.res.lut, ff: raw.res.ff, dsp: raw.res.dsp, bram18k: raw.res.bram18k, uram: raw.res.uram, cycles: raw.cycles };
  const out: CalibrationSample[] = [];
  const design = `${plan.model.name} ${plan.tiles.linearIn}x${plan.tiles.linearOut} @${plan.clockMHz} MHz`;
  const cs = reports.csynth;
  if (cs) {
    const lat = cs.kind === 'csynth-xml' ? cs.latency.worst : cs.latency.max;
    const r: Metrics = { ...cs.resources };
    if (typeof lat === 'number') r.cycles = lat;
    out.push({ id: `${reports.runId}/csynth`, design, source: 'csynth', family: board.family, toolVersion: shortVersion(cs.version ?? cs.toolVersion), estimate: est, report: r });
  }
  if (reports.impl || reports.power) {
    const r: Metrics = {};
    const e: Metrics = {};
    const u = reports.impl;
    if (u) {
      Object.assign(r, { lut: u.lut.used, ff: u.ff.used, dsp: u.dsp.used, bram18k: u.bramTiles.used * 2 });
      if (u.uram) r.uram = u.uram.used;
      Object.assign(e, { lut: est.lut, ff: est.ff, dsp: est.dsp, bram18k: est.bram18k, uram: est.uram });
    }
    if (reports.power) {
      r.power = reports.power.totalW;
      e.power = raw.power.plW; // report_power covers the device (PL, and the PS on SoCs)
    }
    out.push({ id: `${reports.runId}/impl`, design, source: 'impl', family: board.family, toolVersion: shortVersion(u?.toolVersion ?? reports.power?.toolVersion), estimate: e, report: r });
  }
  return out;
}

const shortVersion = (v: string | undefined): string => (v ? (/(\d{4}\.\d)/.exec(v)?.[1] ?? v) : 'unknown');

// ---------------------------------------------------------------------------------------------------
// The report fixtures (../shared/fixtures/reports): which designs we know well enough to estimate.

export interface FixtureResult {
  dir: string;
  file: string;
  design: string;
  sample?: CalibrationSample;
  skipped?: string;
}

interface KnownFixture {
  dir: string;
  file: string;
  design: string;
  family: string;
  dsp: DspType;
  /** Our estimate of the design, built from the same fabric primitives the kernel models use. */
  estimate: () => Metrics;
  kind: 'csynth-xml' | 'csynth-report' | 'power';
}

/**
 * hls4ml `myproject` (Vivado HLS 2020.1, xc7z020): one Dense 16 → 5 + ReLU, io_stream, ap_fixed<16,6>
 * activations and weights, reuse factor 1 (all 80 products in parallel; the module name
 * dense_array_array_ap_fixed_16_6_5_3_0_5u_config2 and DSP 73 ≤ 80 say so). Weights are compile-time
 * constants (no weight storage or registers), so we estimate: 80 multiplies, five 16-input adder trees,
 * five bias adds, five ReLUs, a small FSM; latency = multiplier + adder-tree depth + I/O registers.
 */
function hls4mlDense(): Metrics {
  const c = DEFAULT_COEFFICIENTS;
  const r = zero();
  r.dsp = dspForMultiplies(80, 16, 16, 'DSP48E1');
  addRes(r, adderTree(16, 32), 5);
  addRes(r, adder(32), 5);
  r.lut += 5 * (comparatorLut(16) + muxLut(2, 16)); // ReLU
  r.ff += 5 * 16 + 16 * 16; // output and input registers (stream interface)
  addRes(r, counter(4));
  return { lut: r.lut, ff: r.ff, dsp: r.dsp, bram18k: 0, cycles: c.dspLatency + Math.ceil(Math.log2(16)) + 2 };
}

/**
 * Xilinx introductory example array_mem_perform (Scout HLS 2019.2, xcvu9p): SUM_LOOP, 126 trips,
 * pipelined II = 1, iteration latency 2, summing 8-bit elements of a dual-port memory into a 10-bit
 * result (the report's expression table: 8/9/10-bit adders). Estimate: loop counter, three adders,
 * two read-address muxes (32-bit ports), loop-carried registers; cycles = trips × II + depth + FSM entry/exit.
 */
function arrayMemPerform(): Metrics {
  const r = zero();
  addRes(r, counter(8));
  addRes(r, adder(8));
  addRes(r, adder(9));
  addRes(r, adder(10));
  r.lut += 2 * muxLut(3, 32) / 2; // two memory ports, address select among 3 sources (32-bit, upper bits constant → half)
  r.ff = 8 + 10 + 2 * 7 + 4 + 2; // i, sum, two pipelined reads, FSM state, pipeline enables
  return { lut: r.lut, ff: r.ff, dsp: 0, bram18k: 0, cycles: 126 * 1 + 2 + 2 };
}

/**
 * ebaz4205 (Vivado 2021.1, xc7z010): a block design with the PS7 and an empty PL (3 LUTs). Only power
 * is comparable: our zynq-7000 static + PS floor for that device against report_power's total.
 */
function ebazPower(): Metrics {
  const lut = 17_600; // xc7z010
  const staticW = (0.15 + 0.01 + 0.06) * (lut / 1e5);
  return { power: staticW + 0.5 };
}

const KNOWN: KnownFixture[] = [
  { dir: 'vivado-hls-2020.1-hls4ml-myproject-xc7z020', file: 'myproject_csynth.xml', design: 'hls4ml Dense 16→5 + ReLU, ap_fixed<16,6>, reuse 1', family: 'zynq-7000', dsp: 'DSP48E1', estimate: hls4mlDense, kind: 'csynth-xml' },
  { dir: 'scout-hls-2019.2-xilinx-array-mem-perform', file: 'array_mem_perform_csynth.rpt', design: 'pipelined 126-trip 8-bit sum loop (II 1)', family: 'virtex-ultrascale+', dsp: 'DSP48E2', estimate: arrayMemPerform, kind: 'csynth-report' },
  { dir: 'vivado-2021.1-ebaz4205-zynq7010-impl', file: 'design_1_wrapper_power_routed.rpt', design: 'Zynq-7010 PS7 with empty PL (power only)', family: 'zynq-7000', dsp: 'DSP48E1', estimate: ebazPower, kind: 'power' },
];

/** Fixtures we cannot describe as a known kernel: listed with the reason, never guessed at. */
const UNKNOWN: Array<{ dir: string; reason: string }> = [
  { dir: 'vivado-hls-2019.1.3-heterocl-dataflow-stages-xc7z020', reason: 'HeteroCL test program "test": loop bodies and data types not given in the fixture' },
  { dir: 'vivado-hls-2019.1.3-heterocl-csynth-xml-samples', reason: 'HeteroCL digitrec (KNN) on U280: not a kernel we model; its configuration is not in the fixture' },
  { dir: 'vitis-hls-2022.1-dphls-seq-align-xcvu5p', reason: 'DP-HLS sequence-alignment systolic array: not a kernel we model' },
  { dir: 'vivado-hls-2020.1-hls4ml-myproject-xc7z020 (vivado_synth.rpt)', reason: 'post-synthesis utilization of the same hls4ml IP: comparable, but synthesis optimisations of constant weights are not modelled; the csynth figures are used instead' },
  { dir: 'vivado-2019.2-edalize-picorv32-artix7', reason: 'PicoRV32 CPU (RTL, not HLS)' },
];

export function fixtureSamples(reportsDir: string): FixtureResult[] {
  const out: FixtureResult[] = [];
  for (const k of KNOWN) {
    const file = path.join(reportsDir, k.dir, k.file);
    if (!existsSync(file)) {
      out.push({ dir: k.dir, file: k.file, design: k.design, skipped: 'fixture file missing' });
      continue;
    }
    const text = readFileSync(file, 'utf8');
    let report: Metrics;
    let toolVersion: string;
    let source: CalibrationSample['source'] = 'csynth';
    if (k.kind === 'csynth-xml') {
      const x = parseCsynthXml(text, file);
      report = { ...x.resources, ...(typeof x.latency.worst === 'number' ? { cycles: x.latency.worst } : {}) };
      toolVersion = shortVersion(x.version);
    } else if (k.kind === 'csynth-report') {
      const x = parseCsynthReport(text, file);
      report = { ...x.resources, ...(typeof x.latency.max === 'number' ? { cycles: x.latency.max } : {}) };
      toolVersion = shortVersion(x.version);
    } else {
      const x = parsePowerReport(text, file);
      report = { power: x.totalW };
      toolVersion = shortVersion(x.toolVersion);
      source = 'impl';
    }
    const estimate = k.estimate();
    for (const m of Object.keys(report) as Metric[]) if (estimate[m] === undefined) delete report[m];
    out.push({ dir: k.dir, file: k.file, design: k.design, sample: { id: `fixture:${k.dir}/${k.file}`, design: k.design, source, family: k.family, toolVersion, estimate, report } });
  }
  for (const u of UNKNOWN) out.push({ dir: u.dir, file: '', design: '', skipped: u.reason });
  return out;
}

/**
 * After a build: compare the plan's uncalibrated estimate with the build's reports, store the samples
 * under the board family and tool version, refit, and return the calibration now in force.
 */
export async function recordBuildCalibration(plan: Plan, board: BoardSpec, reports: BuildReports, file = defaultCalibrationFile()): Promise<{ samples: CalibrationSample[]; calibration: AppliedCalibration | null }> {
  const samples = samplesFromBuild(plan, board, reports);
  if (samples.length) await addCalibrationSamples(samples, file);
  return { samples, calibration: getCalibration(board.family, samples[0]?.toolVersion, file) };
}

/** Store the samples of every report fixture whose design we know (../shared/fixtures/reports). */
export async function calibrateFromFixtures(reportsDir: string, file = defaultCalibrationFile()): Promise<FixtureResult[]> {
  const r = fixtureSamples(reportsDir);
  const samples = r.filter((x) => x.sample).map((x) => x.sample!);
  if (samples.length) await addCalibrationSamples(samples, file);
  return r;
}
