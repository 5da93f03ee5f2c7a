import type { AppContext } from './app-context';
import type {
  CalibrationEntryInfo, CalibrationStatus, DsePointDto, DseStartParams, DseSummaryDto, EstimateDto, EstimateMethods, ReportComparisonRow,
} from './contract';
import type { HandlersOf } from './handlers';
import { boardFor, openModel } from './app-inputs';
import { apiError, asObject, num, str } from './validate';
import { inputError } from '../core/errors';
import type { Figure } from '../core/figure';
import { fig } from '../core/figure';
import type { BoardSpec } from '../boards/board-spec';
import type { ModelStructure } from '../graph/ir';
import { importModel, type ImportedModel } from '../graph/import-model';
import { formatArchSpec, presetSpec, PRESETS } from '../graph/arch-spec';
import type { Plan } from '../plan/plan';
import { parsePrecision } from '../plan/precision';
import { estimate, type AppliedCalibration, type Estimate } from '../estimate/estimate';
import { defaultCalibrationFile, getCalibration, readCalibrationFile, sampleErrors, UNIT_FACTORS, METRICS } from '../estimate/calibration';
import { m3vitComparison, planAndEstimate, type Comparison, type EstimateRun } from '../cli/estimate';
import { explore } from '../dse/explore';
import { Evaluator, type DseConstraints, type DseResult } from '../dse/evaluate';
import { ParetoFront, OBJECTIVES } from '../dse/pareto';
import { defaultSpace, pointAt, spaceSize, type DesignSpace } from '../dse/space';
import { listRuns, type RunSummary } from '../project/runs';

type OpenModel = { source: string; imported: ImportedModel };

interface Sweep {
  structure: ModelStructure;
  board: BoardSpec;
  space: DesignSpace;
  constraints: DseConstraints;
  calibration: AppliedCalibration | null;
  modelSource: string;
}

const RES_LABEL: Record<string, string> = { lut: 'LUT', ff: 'FF', dsp: 'DSP', bram18k: 'BRAM18K', uram: 'URAM', cycles: 'Cycles', latencyMs: 'Latency', powerW: 'Power' };
const MAX_CACHE = 24;
const DSE_BATCH_MS = 100;

/**
 * Per-app state, kept beside the AppContext (whatever number of handler sets serve it): sweeps by job id
 * for dse.select; searched tilings and the M³ViT-T comparison rows, which depend only on
 * model/board/clock/precision/calibration, cached so the form re-estimates in milliseconds.
 */
const state = new WeakMap<AppContext, { sweeps: Map<string, Sweep>; runCache: Map<string, EstimateRun>; cmpCache: Map<string, Comparison> }>();

/** Handlers of contract-estimate.ts over estimate/, dse/ and the calibration store. */
export function estimateHandlers(app: AppContext): HandlersOf<EstimateMethods> {
  let st = state.get(app);
  if (!st) state.set(app, (st = { sweeps: new Map(), runCache: new Map(), cmpCache: new Map() }));
  const { sweeps, runCache, cmpCache } = st;
  const remember = <T>(m: Map<string, T>, key: string, make: () => T): T => {
    let v = m.get(key);
    if (v === undefined) {
      v = make();
      m.set(key, v);
      if (m.size > MAX_CACHE) m.delete(m.keys().next().value as string);
    }
    return v;
  };

  /** The model to work on: `source` (imported now unless it is the open one), the open model, or the project's. */
  async function ensureModel(source: string | undefined): Promise<OpenModel> {
    const wanted = source ?? (app.model ? undefined : app.project?.settings.model);
    if (wanted === undefined) {
      if (app.model) return app.model;
      throw inputError('no model: import one in the Model view first (a file, an --arch spec or a preset)', { field: 'source' });
    }
    if (app.model && app.model.source === wanted) return app.model;
    const opened = await openModel(app, wanted);
    app.log('info', 'estimate', `imported ${opened.imported.structure.name} for the estimate`);
    return opened;
  }

  function calibrationFor(board: BoardSpec): { cal: AppliedCalibration | null; status?: string; meanAbsError?: Partial<Record<string, number>> } {
    try {
      const cal = getCalibration(board.family);
      if (!cal) return { cal: null };
      const entry = readCalibrationFile().entries[cal.key];
      return { cal, meanAbsError: entry ? meanErrors(entry.samples, entry.factors).after : undefined };
    } catch (err) {
      return { cal: null, status: `calibration file unreadable, estimate uncalibrated: ${(err as Error).message}` };
    }
  }

  async function runEstimate(params: unknown): Promise<EstimateDto> {
    const o = asObject(params, 'estimate.run');
    const t0 = performance.now();
    const source = str(o, 'source', 'estimate.run', true);
    const model = await ensureModel(source);
    const board = boardFor(app, str(o, 'board', 'estimate.run', true));
    const clockMHz = num(o, 'clockMHz', 'estimate.run', true, 1, 1000) ?? app.project?.settings.clockMHz ?? board.clocks.defaultMHz;
    const precision = str(o, 'precision', 'estimate.run', true) ?? app.project?.settings.precision;
    const tilesText = o.tiles === '' ? undefined : (str(o, 'tiles', 'estimate.run', true) ?? app.project?.settings.tiles);
    const { cal, status, meanAbsError } = calibrationFor(board);
    const key = [model.source, board.id, clockMHz, precision ?? '', tilesText ?? '', cal?.key ?? '', cal?.samples ?? 0].join('|');
    const structure = model.imported.structure;
    const run = remember(runCache, key, () => planAndEstimate(structure, board, clockMHz, { tiles: tilesText, precision, calibration: cal }));
    const preset = await presetName(model.imported);
    let published: EstimateDto['published'] = null;
    if (preset === 'm3vit-t' && board.id === 'zcu102') {
      // The rows at the papers' precisions do not depend on the requested precision or tiles.
      const cmpKey = [model.source, board.id, clockMHz, cal?.key ?? '', cal?.samples ?? 0].join('|');
      const cmp = remember(cmpCache, cmpKey, () => m3vitComparison(structure, board, clockMHz, run, cal));
      const ours = cmp.ours.slice(1).map((r) => ({ ...r }));
      published = { source: cmp.source, rows: cmp.published, ours, notes: cmp.notes };
    }
    const dto = toDto(run.estimate, run.plan, board, model.source, run.tilesChosen, preset);
    if (status) dto.calibration.note = status;
    if (meanAbsError) dto.calibration.meanAbsError = meanAbsError;
    dto.published = published;
    if (app.project) {
      const { runs } = await listRuns(app.project.dir);
      dto.reports = reportRows(run.estimate, runs, run.plan);
      dto.measured = measuredFigures(runs);
    }
    dto.estimateMs = performance.now() - t0;
    return dto;
  }

  return {
    'estimate.run': runEstimate,

    'estimate.calibration': async (p) => {
      const o = asObject(p, 'estimate.calibration');
      const family = str(o, 'family', 'estimate.calibration', true);
      const file = defaultCalibrationFile();
      const doc = readCalibrationFile(file);
      const entries: CalibrationEntryInfo[] = Object.entries(doc.entries)
        .filter(([, e]) => family === undefined || e.family === family)
        .map(([key, e]) => {
          const { before, after, n } = meanErrors(e.samples, e.factors);
          const error: CalibrationEntryInfo['error'] = {};
          for (const m of Object.keys(n)) error[m] = { before: before[m] ?? 0, after: after[m] ?? 0, n: n[m] ?? 0 };
          return { key, family: e.family, toolVersion: e.toolVersion, samples: e.samples.length, fittedAt: e.fittedAt, factors: { ...e.factors }, error };
        });
      return { file, entries };
    },

    'dse.start': async (p) => {
      const o = asObject(p, 'dse.start') as Record<string, unknown> & DseStartParams;
      const budget = num(o, 'budget', 'dse.start', true, 1, 200_000) ?? 2000;
      const model = await ensureModel(str(o, 'source', 'dse.start', true));
      const board = boardFor(app, str(o, 'board', 'dse.start', true));
      const clocks = numList(o.clocks, 'clocks', 1, 1000);
      const precisions = strList(o.precisions, 'precisions');
      const latencyTarget = num(o, 'latencyTargetMs', 'dse.start', true, 0, 1e6);
      if (o.headroom !== undefined && typeof o.headroom !== 'boolean') throw apiError("dse.start: 'headroom' must be a boolean");
      const seed = num(o, 'seed', 'dse.start', true, 0, 2 ** 31) ?? 1;
      for (const pr of precisions ?? []) parsePrecision(pr); // a bad precision fails the request, not the job
      const structure = model.imported.structure;
      const space: DesignSpace = defaultSpace(structure, board, precisions ?? [app.project?.settings.precision ?? 'default'], clocks ?? [app.project?.settings.clockMHz ?? board.clocks.defaultMHz]);
      if (o.tiles !== undefined) {
        const t = asObject(o.tiles, 'dse.start');
        for (const k of ['linearIn', 'linearOut', 'attnHeads', 'attnKeys'] as const) {
          const v = numList(t[k], `tiles.${k}`, 1, 4096, true);
          if (v) space[k] = v;
        }
      }
      const constraints: DseConstraints = { headroom: o.headroom !== false, ...(latencyTarget !== undefined ? { latencyMs: latencyTarget } : {}) };
      const { cal } = calibrationFor(board);
      const size = spaceSize(space);
      let jobId = '';
      const sweep: Sweep = { structure, board, space, constraints, calibration: cal, modelSource: model.source };
      const job = app.jobs.start('dse', `explore ${structure.name} on ${board.name} (${Math.min(budget, size)} plans)`, async (ctx) => {
        const front = new ParetoFront<DsePointDto>(OBJECTIVES);
        let batch: DsePointDto[] = [];
        let frontChanged = false;
        let last = performance.now();
        let progress = { done: 0, total: Math.min(budget, size), feasible: 0 };
        const flush = (): void => {
          if (batch.length) app.bus.emit('dse.point', { jobId, points: batch, ...progress });
          batch = [];
          if (frontChanged) app.bus.emit('dse.front', { jobId, front: front.points(), final: false });
          frontChanged = false;
          ctx.progress('evaluating', Math.round((progress.done / Math.max(1, progress.total)) * 100));
          last = performance.now();
        };
        ctx.log(`design space: ${size} plans; evaluating ${progress.total}`);
        const summary = await explore(
          { structure, board, space, budget, seed, constraints, calibration: cal, workers: 0 },
          (r, pr) => {
            const d = pointDto(jobId, r);
            batch.push(d);
            if (d.feasible && front.insert(d)) frontChanged = true;
            progress = { done: pr.done, total: pr.total, feasible: pr.feasible };
            if (performance.now() - last >= DSE_BATCH_MS) flush();
          },
          ctx.signal,
        );
        flush();
        const s: DseSummaryDto = {
          jobId, board: board.id, model: structure.name, spaceSize: summary.spaceSize, evaluated: summary.evaluated, feasible: summary.feasible,
          frontSize: front.size, durationMs: summary.durationMs, plansPerSecond: summary.plansPerSecond, cancelled: summary.cancelled,
        };
        app.bus.emit('dse.front', { jobId, front: front.points(), final: true, summary: s });
        ctx.log(`evaluated ${s.evaluated} plans in ${(s.durationMs / 1e3).toFixed(2)} s; ${s.feasible} feasible, ${s.frontSize} on the Pareto front${s.cancelled ? ' (cancelled)' : ''}`);
        return s;
      });
      jobId = job.id;
      sweeps.set(jobId, sweep);
      while (sweeps.size > 8) sweeps.delete(sweeps.keys().next().value as string);
      return { ...job, spaceSize: size, budget };
    },

    'dse.cancel': async (p) => ({ cancelled: app.jobs.cancel(str(asObject(p, 'dse.cancel'), 'jobId', 'dse.cancel')) }),

    'dse.select': async (p) => {
      const id = str(asObject(p, 'dse.select'), 'pointId', 'dse.select');
      const m = /^(.+)\/(\d+)$/.exec(id);
      const sweep = m ? sweeps.get(m[1]) : undefined;
      if (!m || !sweep) throw inputError(`no design point '${id}': the sweep is gone (start a new one)`, { field: 'pointId' });
      const index = Number(m[2]);
      if (index >= spaceSize(sweep.space)) throw inputError(`design point ${index} is outside the sweep's space`, { field: 'pointId' });
      const ev = new Evaluator(sweep.structure, sweep.board, { constraints: sweep.constraints, calibration: sweep.calibration });
      const dp = pointAt(sweep.space, index);
      const plan = ev.plan(dp);
      const e = estimate(plan, sweep.board, { calibration: sweep.calibration });
      const dto = toDto(e, plan, sweep.board, sweep.modelSource, 'given', undefined);
      return { point: pointDto(m[1], ev.evaluate(dp, index)), plan, estimate: dto };
    },
  };
}

// ---------------------------------------------------------------------------------------------------

function toDto(e: Estimate, plan: Plan, board: BoardSpec, modelSource: string, tilesChosen: 'given' | 'searched', preset: string | undefined): EstimateDto {
  const cap = { lut: board.resources.lut, ff: board.resources.ff, dsp: board.resources.dsp, bram18k: board.resources.bram18k, uram: board.resources.uram };
  const calibration: CalibrationStatus = { ...e.calibration, factors: e.calibration.factors ? { ...e.calibration.factors } : undefined };
  return {
    modelSource,
    model: e.model,
    ...(preset ? { preset } : {}),
    board: { id: board.id, name: board.name, part: board.part, family: board.family, capacity: cap },
    clockMHz: e.clockMHz,
    precision: e.precision,
    tiles: e.tiles,
    tilesChosen,
    planHash: e.planHash,
    plan: { kernels: plan.kernels.length, units: e.units.map((u) => u.name), notes: plan.notes ?? [], tiles: { ...plan.tiles } },
    totals: e.totals,
    power: e.power,
    units: e.units,
    layers: e.layers,
    kernels: e.kernels,
    fit: e.fit,
    assumptions: e.assumptions,
    calibration,
    published: null,
    reports: null,
    measured: null,
    estimateMs: 0,
  };
}

function pointDto(jobId: string, r: DseResult): DsePointDto {
  return {
    id: `${jobId}/${r.index}`, index: r.index, source: 'estimate', tiles: r.tiles, precision: r.precision, clockMHz: r.clockMHz, weightBram: r.weightBram,
    latencyMs: r.latencyMs, dsp: r.dsp, lut: r.lut, ff: r.ff, bram18k: r.bram18k, uram: r.uram, powerW: r.powerW, gops: r.gops,
    fits: r.fits, feasible: r.feasible, ...(r.reason ? { reason: r.reason } : {}),
  };
}

/** Structure facts that make two models the same for estimation, without layer names. */
function fingerprint(s: ModelStructure): string {
  return JSON.stringify([s.kind, s.blocks, s.layers.map((l) => [l.kind, l.block, l.inputShape, l.outputShape, l.params, l.macs, l.attrs.heads, l.attrs.experts, l.attrs.topk, l.attrs.hidden])]);
}

let m3vitPrint: Promise<string> | undefined;
const presetPrints = new WeakMap<ModelStructure, string>();

/**
 * The preset a model is exactly (by its spec); an imported file whose structure is M³ViT-T's (layer
 * names aside) counts as 'm3vit-t' too, so it gets the published rows.
 */
async function presetName(m: ImportedModel): Promise<string | undefined> {
  if (m.spec) {
    const canon = formatArchSpec(m.spec);
    return Object.keys(PRESETS).find((p) => formatArchSpec(presetSpec(p)) === canon);
  }
  let known = presetPrints.get(m.structure);
  if (known === undefined) {
    m3vitPrint ??= importModel({ preset: 'm3vit-t' }).then((x) => fingerprint(x.structure));
    known = fingerprint(m.structure) === (await m3vitPrint) ? 'm3vit-t' : '';
    presetPrints.set(m.structure, known);
  }
  return known || undefined;
}

const REPORT_METRICS = ['lut', 'ff', 'dsp', 'bram18k', 'uram', 'cycles', 'latencyMs', 'powerW'] as const;

/** The newest run with csynth / impl figures beside this estimate (errors = (estimate − report) / report). */
function reportRows(e: Estimate, runs: RunSummary[], plan: Plan): EstimateDto['reports'] {
  const run = runs.find((r) => Object.keys(r.figures).some((k) => k.startsWith('csynth.') || k.startsWith('impl.')));
  if (!run) return null;
  const f = run.figures;
  const rows: ReportComparisonRow[] = [];
  const clockNote = `cycles at the estimate's ${plan.clockMHz} MHz`;
  for (const m of REPORT_METRICS) {
    let est: Figure;
    let cs: Figure | undefined;
    let im: Figure | undefined;
    if (m === 'cycles') {
      est = e.totals.cycles;
      cs = f['csynth.latencyCycles'];
    } else if (m === 'latencyMs') {
      est = e.totals.latencyMs;
      const c = f['csynth.latencyCycles'];
      if (c) cs = fig(c.value / (plan.clockMHz * 1e3), 'ms', 'csynth', { runId: run.id, note: clockNote });
    } else if (m === 'powerW') {
      est = e.totals.powerW;
      im = f['impl.powerTotalW'];
    } else {
      est = e.totals[m];
      cs = f[`csynth.${m}`];
      im = f[`impl.${m}`];
    }
    if (!cs && !im) continue;
    const row: ReportComparisonRow = { metric: m, label: RES_LABEL[m], estimate: est };
    if (cs) {
      row.csynth = { ...cs, runId: run.id };
      if (cs.value > 0) row.errorVsCsynth = (est.value - cs.value) / cs.value;
    }
    if (im) {
      row.impl = { ...im, runId: run.id };
      if (im.value > 0) row.errorVsImpl = (est.value - im.value) / im.value;
    }
    rows.push(row);
  }
  const note = `newest build with reports: run ${run.id} (${run.status})`;
  return { runId: run.id, createdAt: run.createdAt, rows, note };
}

function measuredFigures(runs: RunSummary[]): EstimateDto['measured'] {
  for (const r of runs) {
    const entries = Object.entries(r.figures).filter(([, f]) => f.source === 'measured' || f.source === 'emulated');
    if (!entries.length) continue;
    const lat = entries.find(([k, f]) => /latency/i.test(k) && f.unit === 'ms')?.[1];
    const pow = entries.find(([k, f]) => /power/i.test(k) && f.unit === 'W')?.[1];
    if (lat || pow) return { runId: r.id, ...(lat ? { latencyMs: lat } : {}), ...(pow ? { powerW: pow } : {}) };
  }
  return null;
}

/** Mean |relative error| per metric over calibration samples, uncalibrated and calibrated. */
function meanErrors(samples: Parameters<typeof sampleErrors>[0][], factors: Parameters<typeof sampleErrors>[1]): { before: Record<string, number>; after: Record<string, number>; n: Record<string, number> } {
  const before: Record<string, number> = {};
  const after: Record<string, number> = {};
  const n: Record<string, number> = {};
  for (const s of samples) {
    const b = sampleErrors(s, UNIT_FACTORS);
    const a = sampleErrors(s, factors);
    for (const m of METRICS) {
      if (b[m] === undefined) continue;
      before[m] = (before[m] ?? 0) + Math.abs(b[m]!);
      after[m] = (after[m] ?? 0) + Math.abs(a[m] ?? b[m]!);
      n[m] = (n[m] ?? 0) + 1;
    }
  }
  for (const m of Object.keys(n)) {
    before[m] /= n[m];
    after[m] /= n[m];
  }
  return { before, after, n };
}

function numList(v: unknown, field: string, min: number, max: number, integer = false): number[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 64) throw apiError(`dse.start: '${field}' must be a list of 1..64 numbers`);
  for (const x of v) {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
      throw apiError(`dse.start: '${field}' values must be ${integer ? 'whole ' : ''}numbers in [${min}, ${max}], got ${JSON.stringify(x)}`);
    }
  }
  return [...new Set(v as number[])];
}

function strList(v: unknown, field: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 16 || v.some((x) => typeof x !== 'string' || !x || x.length > 200)) {
    throw apiError(`dse.start: '${field}' must be a list of 1..16 non-empty strings`);
  }
  return [...new Set(v as string[])];
}
