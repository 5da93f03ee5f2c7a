/**
 * Board/Power API over the emulator (socat + the host-built agent): connect, 200 Hz for 3 s, batched
 * sample events labelled emulated, stop, stats consistent with the events, CSV export, the run record in
 * the open project, clear errors for bad ports, and nothing left running after dispose.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../../src-main/api/app-context';
import { dispatch } from '../../../src-main/api/dispatch';
import { createHandlers } from '../../../src-main/api/handlers';
import { measureService } from '../../../src-main/api/handlers-measure';
import type { EmulatorDto, EventName, MeasureSamplesEvent, MeasureSessionInfo, MeasureStatusDto, MeasurementSummary, SessionStats } from '../../../src-main/api/contract';
import { tmpDir } from '../../helpers/tmp';

const home = tmpDir('fwb-api-measure-home-');
const proj = tmpDir('fwb-api-measure-proj-');
const prevHome = process.env.FPGA_WORKBENCH_HOME;
beforeAll(() => {
  process.env.FPGA_WORKBENCH_HOME = home.dir;
});
afterAll(() => {
  if (prevHome === undefined) delete process.env.FPGA_WORKBENCH_HOME;
  else process.env.FPGA_WORKBENCH_HOME = prevHome;
  home.cleanup();
  proj.cleanup();
});

async function call<T>(app: AppContext, method: string, params: unknown = {}): Promise<T> {
  const r = await dispatch(createHandlers(app), { type: 'req', id: 1, method, params });
  if (!r.ok) throw Object.assign(new Error(r.error.message), { error: r.error });
  return r.result as T;
}

async function callErr(app: AppContext, method: string, params: unknown): Promise<{ code: string; message: string }> {
  const r = await dispatch(createHandlers(app), { type: 'req', id: 1, method, params });
  if (r.ok) throw new Error(`${method} succeeded, expected an error`);
  return r.error;
}

function record(app: AppContext) {
  const events: Array<{ event: EventName; data: unknown; at: number }> = [];
  const off = app.bus.subscribe((event, data) => events.push({ event, data, at: performance.now() }));
  return { events, off, of: <T>(name: EventName) => events.filter((e) => e.event === name).map((e) => e.data as T) };
}

function waitFor<T>(app: AppContext, name: EventName, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => (off(), reject(new Error(`no ${name} within ${timeoutMs} ms`))), timeoutMs);
    const off = app.bus.subscribe((event, data) => {
      if (event === name) {
        clearTimeout(t);
        off();
        resolve(data as T);
      }
    });
  });
}

describe('measure API over the emulator', () => {
  it('boards.get and ports.list answer; bad ports give errors that name the path', async () => {
    const app = new AppContext('serve');
    const b = await call<{ id: string; power: { rails: unknown[] } }>(app, 'boards.get', { id: 'zcu102' });
    expect(b.id).toBe('zcu102');
    expect(b.power.rails.length).toBe(18);
    expect((await callErr(app, 'boards.get', { id: 'nope' })).message).toMatch(/unknown board 'nope'.*known boards: .*zcu102/);
    const ports = await call<unknown[]>(app, 'ports.list');
    expect(Array.isArray(ports)).toBe(true);
    const missing = '/dev/ttyUSB-does-not-exist-9';
    const e = await callErr(app, 'measure.connect', { port: missing, board: 'zcu102' });
    expect(e.code).toBe('E_PORT');
    expect(e.message).toContain(missing);
    expect(e.message).toMatch(/does not exist/);
    const notTty = path.join(proj.dir, 'plain-file');
    (await import('node:fs')).writeFileSync(notTty, 'x');
    const e2 = await callErr(app, 'measure.connect', { port: notTty, board: 'zcu102' });
    expect(e2.code).toBe('E_PORT');
    expect(e2.message).toContain(notTty);
    expect((await callErr(app, 'measure.connect', { port: missing, board: 'nope' })).message).toMatch(/unknown board/);
    expect((await callErr(app, 'measure.start', { rate: 200 })).message).toMatch(/no board connected/);
    expect(await call<MeasureStatusDto>(app, 'measure.status')).toMatchObject({ emulator: null, connection: null, measuring: null });
  });

  it('emulator → connect → 200 Hz for 3 s: batched samples labelled emulated, stats consistent, CSV, run record', async () => {
    const app = new AppContext('serve');
    await call(app, 'project.create', { path: path.join(proj.dir, 'demo') });
    const rec = record(app);
    const emu = await call<EmulatorDto>(app, 'measure.emulator.start', { board: 'zcu102', latencyMs: 3, chatterMs: 300 });
    try {
      expect(emu.source).toBe('emulated');
      expect(emu.port).toMatch(/^\/dev\/pts\/\d+$/);
      expect(emu.rails).toHaveLength(18);
      // the same board again returns the running emulator instead of a second one
      expect((await call<EmulatorDto>(app, 'measure.emulator.start', { board: 'zcu102' })).port).toBe(emu.port);
      const st = await call<MeasureStatusDto>(app, 'measure.connect', { port: emu.port, board: 'zcu102' });
      expect(st.connection?.source).toBe('emulated');
      expect(st.connection?.state).toBe('open');
      expect(st.connection?.railGroups.VCCINT).toBe('PL');
      expect(st.connection?.railGroups.VCCPSINTFP).toBe('PS');
      expect(st.connection?.railGroups.MGTAVCC).toBe('MGT');
      // a second workbench on the same port: told it is busy, with the path
      const busy = await callErr(new AppContext('serve'), 'measure.connect', { port: emu.port, board: 'zcu102' });
      expect(busy.code).toBe('E_PORT');
      expect(busy.message).toContain(`${emu.port} is busy`);

      const ended = waitFor<MeasurementSummary>(app, 'measure.ended', 20_000);
      const t0 = performance.now();
      const started = await call<{ run: string; runId: string; recordDir: string; source: string; rails: string[] }>(app, 'measure.start', { rate: 200, seconds: 3 });
      expect(started.source).toBe('emulated');
      expect(started.runId).toBeTruthy();
      expect(started.recordDir).toBe(path.join(proj.dir, 'demo', '.workbench', 'runs', started.runId));
      expect((await callErr(app, 'measure.start', { rate: 200 })).message).toMatch(/already running/);
      const sum = await ended;
      const wallS = (performance.now() - t0) / 1000;

      const samples = rec.of<MeasureSamplesEvent>('measure.samples');
      expect(samples.length).toBeGreaterThan(5);
      expect(samples.every((s) => s.source === 'emulated' && s.run === started.run)).toBe(true);
      // at most ~20 messages per second
      expect(samples.length).toBeLessThanOrEqual(Math.ceil(wallS * 20) + 2);
      const powerRows = samples.reduce((n, s) => n + s.power.t.length, 0);
      const latRows = samples.reduce((n, s) => n + s.latency.ns.length, 0);
      expect(samples.every((s) => s.power.uw.every((row) => row.length === 18))).toBe(true);
      expect(samples.reduce((n, s) => n + s.seq.droppedPower + s.seq.droppedLatency, 0)).toBe(0);
      // Each message is in agent-time order; across messages nothing repeats (a batch fetched again
      // after a gap may arrive in a later message, by design of the link).
      for (const s of samples) expect(s.power.t.every((t, i) => i === 0 || t > s.power.t[i - 1])).toBe(true);
      const ts = samples.flatMap((s) => s.power.t);
      expect(new Set(ts).size).toBe(ts.length);

      expect(sum.source).toBe('emulated');
      expect(sum.reason).toBe('time');
      const l = sum.stats.link;
      expect(l.received.powerSamples).toBe(600);
      expect(l.lostBatches).toBe(0);
      expect(l.duplicates).toBe(0);
      expect(powerRows).toBe(l.received.powerSamples);
      expect(latRows).toBe(l.received.latencySamples);
      expect(latRows).toBeGreaterThan(100); // 3 ms inferences for 3 s
      expect(sum.stats.latencyP50?.source).toBe('emulated');
      // the UI events' latencies give the same p50 as the session
      const lat = samples.flatMap((s) => s.latency.ns).sort((a, b) => a - b);
      const p50 = lat[Math.ceil(0.5 * lat.length) - 1] / 1e6;
      expect(p50).toBeCloseTo(sum.stats.latencyP50!.value, 6);
      // mean VCCINT from the events equals the session's mean
      const vi = started.rails.indexOf('VCCINT');
      const meanVi = samples.flatMap((s) => s.power.uw.map((r) => r[vi])).reduce((a, b) => a + b, 0) / powerRows / 1e6;
      expect(meanVi).toBeCloseTo(sum.stats.rails.find((r) => r.rail === 'VCCINT')!.meanW.value, 9);
      expect(sum.stats.energyPerInference?.total.source).toBe('emulated');

      const stats = await call<SessionStats>(app, 'measure.stats');
      expect(stats.powerSamples).toBe(600);
      expect(stats.source).toBe('emulated');
      const live = rec.of<SessionStats>('measure.stats');
      expect(live.length).toBeGreaterThan(3);
      expect(live.every((s) => s.source === 'emulated')).toBe(true);
      expect(rec.of<{ lines: Array<{ kind: string; text: string }> }>('measure.console').flatMap((c) => c.lines).some((x) => x.kind === 'console')).toBe(true);
      const states = rec.of<{ state: string }>('measure.state').map((s) => s.state);
      expect(states).toEqual(expect.arrayContaining(['connecting', 'open', 'measuring']));
      // stop with nothing running returns the last summary
      expect((await call<MeasurementSummary>(app, 'measure.stop')).run).toBe(started.run);

      const csv = await call<{ csv: string; rows: number; source: string }>(app, 'measure.exportCsv', {});
      expect(csv.source).toBe('emulated');
      expect(csv.rows).toBe(600 + latRows);
      const lines = csv.csv.trim().split('\n');
      expect(lines[0]).toBe('# source=emulated');
      expect(lines[1].split(',')).toContain('VCCINT_W');
      expect(lines.filter((x) => x.startsWith('power,'))).toHaveLength(600);
      const written = await call<{ file: string; rows: number }>(app, 'measure.exportCsv', { file: 'power.csv', runId: started.runId });
      expect(written.file).toBe(path.join(proj.dir, 'demo', 'power.csv'));
      expect(readFileSync(written.file, 'utf8')).toBe(csv.csv);

      const runJson = JSON.parse(readFileSync(path.join(started.recordDir, 'run.json'), 'utf8'));
      expect(runJson.kind).toBe('measure');
      expect(runJson.status).toBe('done');
      expect(runJson.figures.powerTotalW.source).toBe('emulated');
      const sessions = await call<MeasureSessionInfo[]>(app, 'measure.sessions');
      expect(sessions).toHaveLength(1);
      expect(sessions[0]).toMatchObject({ runId: started.runId, source: 'emulated', board: 'zcu102', port: emu.port, hasSamples: true, status: 'done' });
      expect(sessions[0].figures.latencyP50Ms.source).toBe('emulated');

      expect(await call(app, 'measure.disconnect')).toEqual({ closed: true });
      expect(rec.of<{ state: string }>('measure.state').at(-1)?.state).toBe('closed');
    } finally {
      rec.off();
      await call(app, 'measure.emulator.stop');
    }
    expect(existsSync(emu.port)).toBe(false);
  }, 40_000);

  it('the agent killed mid-measurement: the UI is told why, the samples so far are kept, the run is marked failed', async () => {
    const app = new AppContext('serve');
    await call(app, 'project.create', { path: path.join(proj.dir, 'killed') });
    const rec = record(app);
    const emu = await call<EmulatorDto>(app, 'measure.emulator.start', { board: 'kv260', latencyMs: 2 });
    try {
      await call(app, 'measure.connect', { port: emu.port, board: 'kv260' });
      const ended = waitFor<MeasurementSummary>(app, 'measure.ended', 20_000);
      const started = await call<{ runId: string; recordDir: string }>(app, 'measure.start', { rate: 200, seconds: 60 });
      await new Promise((r) => setTimeout(r, 1500));
      measureService(app).emulator!.killAgent('SIGKILL');
      const sum = await ended;
      expect(sum.reason).toBe('agent-lost');
      expect(sum.source).toBe('emulated');
      const shown = rec.of<MeasureSamplesEvent>('measure.samples').reduce((n, s) => n + s.power.t.length, 0);
      expect(shown).toBe(sum.stats.link.received.powerSamples);
      expect(shown).toBeGreaterThan(100);
      const run = JSON.parse(readFileSync(path.join(started.recordDir, 'run.json'), 'utf8'));
      expect(run.status).toBe('failed');
      expect(run.steps[0].reason).toMatch(/agent stopped responding/);
      const sessions = await call<MeasureSessionInfo[]>(app, 'measure.sessions');
      expect(sessions[0]).toMatchObject({ runId: started.runId, status: 'failed', reason: 'agent-lost', hasSamples: true });
      const csv = await call<{ rows: number }>(app, 'measure.exportCsv', { runId: started.runId });
      expect(csv.rows).toBeGreaterThanOrEqual(shown);
    } finally {
      rec.off();
      await call(app, 'measure.disconnect');
      await call(app, 'measure.emulator.stop');
    }
  }, 40_000);

  it('app.dispose() closes the connection and stops the emulator (nothing outlives the server)', async () => {
    const app = new AppContext('serve');
    const emu = await call<EmulatorDto>(app, 'measure.emulator.start', { board: 'kv260', latencyMs: 2 });
    await call(app, 'measure.connect', { port: emu.port, board: 'kv260' });
    const started = await call<{ recordDir: string; runId: string | null }>(app, 'measure.start', { rate: 100 });
    expect(started.runId).toBeNull(); // no project: a scratch record under the workbench home
    expect(started.recordDir.startsWith(home.dir)).toBe(true);
    const ended = waitFor<MeasurementSummary>(app, 'measure.ended', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    app.dispose();
    const sum = await ended;
    expect(sum.source).toBe('emulated');
    for (let i = 0; i < 50 && existsSync(emu.port); i++) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(emu.port)).toBe(false);
    expect(existsSync(path.join(started.recordDir, 'samples.ndjson'))).toBe(true);
  }, 20_000);
});
