import { afterAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../../src-main/api/app-context';
import { dispatch } from '../../../src-main/api/dispatch';
import { createHandlers } from '../../../src-main/api/handlers';
import type { DsePointDto, EstimateDto, JobDone } from '../../../src-main/api/contract';
import { tmpDir } from '../../helpers/tmp';
import { newRun, saveRun } from '../../../src-main/project/runs';
import { fig } from '../../../src-main/core/figure';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { addCalibrationSamples, defaultCalibrationFile } from '../../../src-main/estimate/calibration';

// Calibration file lives under the workbench home: keep the user's out of the test.
const home = tmpDir('fwb-api-estimate-');
const prevHome = process.env.FPGA_WORKBENCH_HOME;
process.env.FPGA_WORKBENCH_HOME = home.dir;
afterAll(() => {
  if (prevHome === undefined) delete process.env.FPGA_WORKBENCH_HOME;
  else process.env.FPGA_WORKBENCH_HOME = prevHome;
  home.cleanup();
});

async function call<T>(app: AppContext, method: string, params: unknown): Promise<T> {
  const r = await dispatch(createHandlers(app), { type: 'req', id: 1, method, params });
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.result as T;
}

const dominates = (a: DsePointDto, b: DsePointDto) => {
  const ks = ['latencyMs', 'dsp', 'lut', 'bram18k', 'powerW'] as const;
  return ks.every((k) => a[k] <= b[k]) && ks.some((k) => a[k] < b[k]);
};

describe('estimate.run over the API', () => {
  it('M³ViT-T on ZCU102 @ 300 MHz: fits, per-layer rows summing to the total, published rows', async () => {
    const app = new AppContext('serve');
    const e = await call<EstimateDto>(app, 'estimate.run', { source: 'm3vit-t', board: 'zcu102', clockMHz: 300 });
    expect(e.preset).toBe('m3vit-t');
    expect(e.board.id).toBe('zcu102');
    expect(e.clockMHz).toBe(300);
    expect(typeof e.fit.fits).toBe('boolean');
    expect(e.fit.fits).toBe(true);
    // 12 blocks of LN/attention/LN/MLP-or-MoE at least, plus patch embed and head.
    expect(e.layers.length).toBeGreaterThan(12 * 4);
    const sumMs = e.layers.reduce((s, l) => s + l.latencyMs.value, 0);
    expect(sumMs).toBeGreaterThan(0);
    expect(Math.abs(sumMs - e.totals.latencyMs.value) / e.totals.latencyMs.value).toBeLessThan(0.02);
    for (const k of ['lut', 'ff', 'dsp', 'bram18k', 'uram'] as const) {
      expect(e.totals[k].source).toBe('estimate');
      const unitSum = e.units.reduce((s, u) => s + u[k].value, 0);
      expect(unitSum).toBeGreaterThanOrEqual(e.totals[k].value - e.units.length); // units sum to the total (ceil per unit)
      expect(e.fit.utilisation[k].value).toBeCloseTo((e.totals[k].value / Math.max(1, e.board.capacity[k])) * 100, 0);
    }
    expect(e.layers.every((l) => l.latencyMs.source === 'estimate')).toBe(true);
    expect(e.assumptions.length).toBeGreaterThan(5);
    expect(e.published).not.toBeNull();
    const names = e.published!.rows.map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['Edge-MoE', 'UbiMoE', 'CoQMoE']));
    expect(e.published!.rows.every((r) => r.latencyMs.source === 'published')).toBe(true);
    expect(e.published!.ours.every((r) => r.latencyMs.source === 'estimate')).toBe(true);
    expect(e.reports).toBeNull();
    expect(app.model?.source).toBe('m3vit-t');
  });

  it('re-estimates the open model with other settings; no published rows off ZCU102 or for other models', async () => {
    const app = new AppContext('serve');
    await call(app, 'model.import', { source: 'vit-tiny' });
    const e = await call<EstimateDto>(app, 'estimate.run', { board: 'zcu102', clockMHz: 200, tiles: 'in=8,out=8,heads=1,keys=2' });
    expect(e.modelSource).toBe('vit-tiny');
    expect(e.tilesChosen).toBe('given');
    expect(e.tiles).toContain('in=8');
    expect(e.published).toBeNull();
    const bigger = await call<EstimateDto>(app, 'estimate.run', { board: 'zcu102', clockMHz: 200, tiles: 'in=32,out=32,heads=1,keys=2' });
    expect(bigger.totals.dsp.value).toBeGreaterThan(e.totals.dsp.value);
    expect(bigger.totals.latencyMs.value).toBeLessThan(e.totals.latencyMs.value);
  });

  it('puts the newest build\'s csynth / impl figures beside the estimate with its error, and measured latency', async () => {
    const app = new AppContext('serve');
    const proj = path.join(home.dir, 'proj');
    await call(app, 'project.create', { path: proj });
    const older = newRun(proj, { kind: 'build', steps: ['csynth'], id: '20261128-100000-aaaaaa' });
    older.status = 'done';
    older.figures = { 'csynth.lut': fig(1, 'LUT', 'csynth') };
    await saveRun(older);
    const run = newRun(proj, { kind: 'build', steps: ['csynth', 'impl'], id: '20261128-110000-bbbbbb' });
    run.status = 'done';
    run.figures = { 'csynth.lut': fig(50_000, 'LUT', 'csynth'), 'csynth.dsp': fig(400, 'DSP', 'csynth'), 'impl.lut': fig(40_000, 'LUT', 'impl'), 'csynth.latencyCycles': fig(1_000_000, 'cycles', 'csynth') };
    await saveRun(run);
    const meas = newRun(proj, { kind: 'measure', steps: ['run'], id: '20261128-120000-cccccc' });
    meas.status = 'done';
    meas.figures = { 'measured.latencyMs': fig(3.5, 'ms', 'emulated') };
    await saveRun(meas);
    const e = await call<EstimateDto>(app, 'estimate.run', { source: 'vit-tiny', board: 'zcu102', clockMHz: 250 });
    expect(e.reports?.runId).toBe(run.id);
    const lut = e.reports!.rows.find((r) => r.metric === 'lut')!;
    expect(lut.csynth?.value).toBe(50_000);
    expect(lut.csynth?.source).toBe('csynth');
    expect(lut.impl?.source).toBe('impl');
    expect(lut.errorVsCsynth).toBeCloseTo((e.totals.lut.value - 50_000) / 50_000, 9);
    expect(lut.errorVsImpl).toBeCloseTo((e.totals.lut.value - 40_000) / 40_000, 9);
    const ms = e.reports!.rows.find((r) => r.metric === 'latencyMs')!;
    expect(ms.csynth?.value).toBeCloseTo(1_000_000 / 250e3, 9);
    expect(e.reports!.rows.find((r) => r.metric === 'ff')).toBeUndefined();
    expect(e.measured?.latencyMs?.source).toBe('emulated');
    expect(e.measured?.latencyMs?.value).toBe(3.5);
  });

  it('names the problem when there is no model, or a bad precision', async () => {
    const app = new AppContext('serve');
    const r = await dispatch(createHandlers(app), { type: 'req', id: 1, method: 'estimate.run', params: {} });
    expect(r.ok).toBe(false);
    expect((r as { error: { message: string } }).error.message).toMatch(/no model/);
    const bad = await dispatch(createHandlers(app), { type: 'req', id: 2, method: 'estimate.run', params: { source: 'vit-tiny', precision: 'int77x' } });
    expect(bad.ok).toBe(false);
  });
});

describe('estimate.calibration over the API', () => {
  it('lists entries with the error per metric before and after calibration, and estimate.run applies it', async () => {
    const app = new AppContext('serve');
    const sample = (id: string, est: number, rep: number) => ({
      id, design: id, source: 'csynth' as const, family: 'zynq-ultrascale+', toolVersion: '2023.2', estimate: { lut: est, dsp: 10 }, report: { lut: rep, dsp: 10 },
    });
    await addCalibrationSamples([sample('a', 1000, 2000), sample('b', 1000, 500)]);
    const r = await call<{ entries: Array<{ key: string; samples: number; error: Record<string, { before: number; after: number; n: number }> }> }>(app, 'estimate.calibration', { family: 'zynq-ultrascale+' });
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0].samples).toBe(2);
    // Geometric mean of 2 and 0.5 is 1: calibration cannot help; before = (|1000−2000|/2000 + |1000−500|/500) / 2.
    expect(r.entries[0].error.lut.before).toBeCloseTo((0.5 + 1) / 2, 9);
    expect(r.entries[0].error.lut.after).toBeCloseTo((0.5 + 1) / 2, 9);
    expect(r.entries[0].error.dsp.before).toBe(0);
    expect((await call<{ entries: unknown[] }>(app, 'estimate.calibration', { family: 'zynq-7000' })).entries).toEqual([]);
    const e = await call<EstimateDto>(app, 'estimate.run', { source: 'vit-tiny', board: 'zcu102', tiles: 'in=8,out=8,heads=1,keys=2' });
    expect(e.calibration.applied).toBe(true);
    expect(e.calibration.key).toBe('zynq-ultrascale+|2023.2');
    expect(e.calibration.meanAbsError?.lut).toBeCloseTo(0.75, 9);
    await writeFile(defaultCalibrationFile(), JSON.stringify({ version: 1, entries: {} }));
  });
});

describe('dse over the API', () => {
  function collect(app: AppContext) {
    const points: DsePointDto[] = [];
    const fronts: Array<{ front: DsePointDto[]; final: boolean }> = [];
    let batches = 0;
    let resolveDone: (d: JobDone) => void = () => {};
    const done = new Promise<JobDone>((res) => (resolveDone = res));
    app.bus.subscribe((ev, d) => {
      if (ev === 'dse.point') { batches++; points.push(...(d as { points: DsePointDto[] }).points); }
      if (ev === 'dse.front') fronts.push(d as { front: DsePointDto[]; final: boolean });
      if (ev === 'job.done') resolveDone(d as JobDone);
    });
    return { points, fronts, done, batches: () => batches };
  }

  it('streams points and a non-dominated front; select opens a point\'s plan', async () => {
    const app = new AppContext('serve');
    const c = collect(app);
    const job = await call<{ id: string; kind: string; spaceSize: number }>(app, 'dse.start', {
      source: 'vit-tiny', board: 'zcu102', budget: 300, precisions: ['default', 'int8'], clocks: [200, 300],
      tiles: { linearIn: [4, 8, 16, 32], linearOut: [4, 8, 16] },
    });
    expect(job.kind).toBe('dse');
    expect(job.spaceSize).toBeGreaterThan(0);
    const done = await c.done;
    expect(done.state).toBe('done');
    expect(c.points.length).toBe(Math.min(300, job.spaceSize));
    expect(new Set(c.points.map((p) => p.id)).size).toBe(c.points.length);
    expect(c.points.every((p) => p.source === 'estimate' && p.id.startsWith(job.id + '/'))).toBe(true);
    const final = c.fronts.at(-1)!;
    expect(final.final).toBe(true);
    expect(final.front.length).toBeGreaterThan(0);
    const feasible = c.points.filter((p) => p.feasible);
    for (const f of final.front) {
      expect(f.feasible).toBe(true);
      expect(feasible.some((p) => dominates(p, f))).toBe(false);
    }
    // Every feasible point off the front is dominated by (or scores the same as) a front point.
    const ids = new Set(final.front.map((f) => f.id));
    for (const p of feasible.filter((x) => !ids.has(x.id))) {
      expect(final.front.some((f) => dominates(f, p) || (['latencyMs', 'dsp', 'lut', 'bram18k', 'powerW'] as const).every((k) => f[k] === p[k]))).toBe(true);
    }
    const sel = await call<{ point: DsePointDto; plan: { tiles: unknown; kernels: unknown[] }; estimate: EstimateDto }>(app, 'dse.select', { pointId: final.front[0].id });
    expect(sel.point).toEqual(final.front[0]);
    expect(sel.plan.tiles).toEqual(final.front[0].tiles);
    expect(sel.estimate.totals.latencyMs.value).toBeCloseTo(final.front[0].latencyMs, 6);
    expect(sel.estimate.layers.length).toBeGreaterThan(0);
    expect(sel.plan.kernels.length).toBe(sel.estimate.kernels.length);
  });

  it('cancels a sweep', async () => {
    const app = new AppContext('serve');
    const c = collect(app);
    await call(app, 'model.import', { source: 'm3vit-t' });
    const job = await call<{ id: string }>(app, 'dse.start', { board: 'zcu102', budget: 200_000, precisions: ['default', 'w16a32', 'int8'], clocks: [150, 200, 250, 300] });
    await new Promise<void>((res) => { const off = app.bus.subscribe((ev) => { if (ev === 'dse.point') { off(); res(); } }); });
    expect(await call<{ cancelled: boolean }>(app, 'dse.cancel', { jobId: job.id })).toEqual({ cancelled: true });
    const done = await c.done;
    expect(done.state).toBe('cancelled');
    expect(c.points.length).toBeLessThan(200_000);
    const r = await dispatch(createHandlers(app), { type: 'req', id: 3, method: 'dse.select', params: { pointId: 'nope/1' } });
    expect(r.ok).toBe(false);
  });

  it('rejects malformed sweep parameters', async () => {
    const app = new AppContext('serve');
    await call(app, 'model.import', { source: 'vit-tiny' });
    for (const params of [{ budget: 0 }, { clocks: 'fast' }, { tiles: { linearIn: [3.5] } }, { precisions: ['int77x'] }]) {
      const r = await dispatch(createHandlers(app), { type: 'req', id: 4, method: 'dse.start', params });
      expect(r.ok, JSON.stringify(params)).toBe(false);
    }
  });
});
