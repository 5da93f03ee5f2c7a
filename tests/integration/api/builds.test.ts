// Builds/Settings API in process, with the test-only replay tools installed under the real tool names
// in a temp Xilinx tree and configured through settings.set, as a user would.
// Values checked against the fixture were read by hand: seq_align_multiple_csynth.xml LUT 159624,
// design_1_wrapper_power_routed.rpt Total On-Chip Power 1.394 W; the replayed vitis_hls.log has
// 7 'WARNING: [' lines (counted here with grep, independently of the classifier).
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../../src-main/api/app-context';
import { dispatch } from '../../../src-main/api/dispatch';
import { createHandlers } from '../../../src-main/api/handlers';
import { tmpDir } from '../../helpers/tmp';
import { useInProcessApi } from '../../helpers/in-process-api';
import { repoRoot, sharedDir } from '../../helpers/paths';
import { REPLAY_HLS, REPLAY_VIVADO, makeProject, waitFor } from '../toolchain/helpers';

const t = tmpDir('fwb-api-builds-');
// Registered first: with vitest's stacked hooks it runs after the app is disposed.
afterAll(() => t.cleanup());
const api = useInProcessApi('fwb-api-builds-home-');
const { call, failure, of, events } = api;
const install = path.join(t.dir, 'Xilinx');
const fixtureLog = path.join(sharedDir, 'fixtures', 'reports', 'vitis-hls-2022.1-dphls-seq-align-xcvu5p', 'vitis_hls.log');

const runEnded = (id: string) => () => of('builds.run').some((r) => r.id === id && !['queued', 'running'].includes(r.status));

beforeAll(() => {
  mkdirSync(path.join(install, 'Vitis_HLS', '2022.1', 'bin'), { recursive: true });
  mkdirSync(path.join(install, 'Vivado', '2021.1', 'bin'), { recursive: true });
  symlinkSync(REPLAY_HLS, path.join(install, 'Vitis_HLS', '2022.1', 'bin', 'vitis_hls'));
  symlinkSync(REPLAY_VIVADO, path.join(install, 'Vivado', '2021.1', 'bin', 'vivado'));
});

describe('settings and tool discovery', () => {
  it('starts from defaults, refuses bad values naming the field, and persists a valid update', async () => {
    const first = await call('settings.get', {});
    expect(first.settings).toEqual({ toolPaths: [], settings64: [], queueLimit: 1 });
    expect(first.file).toBe(path.join(api.home, 'settings.json'));
    const bad = await failure(call('settings.set', { settings: { queueLimit: 0 } }));
    expect(bad.code).toBe('E_SCHEMA');
    expect(bad.context?.field).toBe('queueLimit');
    const rel = await failure(call('settings.set', { settings: { toolPaths: ['relative/dir'] } }));
    expect(rel.context?.field).toBe('toolPaths[0]');
    const sh = await failure(call('settings.set', { settings: { settings64: ['/opt/x/settings64.txt'] } }));
    expect(sh.context?.field).toBe('settings64[0]');
    expect((await failure(call('settings.set', { settings: { toolPath: ['/x'] } as never }))).context?.field).toBe('toolPath');
    const saved = await call('settings.set', { settings: { toolPaths: [install], queueLimit: 1 } });
    expect(saved.settings.toolPaths).toEqual([install]);
    expect(JSON.parse(readFileSync(saved.file, 'utf8'))).toMatchObject({ toolPaths: [install], queueLimit: 1 });
  });

  it('tools.discover finds the tools under the settings path with versions; missing ones say where it looked', async () => {
    const d = await call('tools.discover', {});
    expect(d.hls).toMatchObject({ name: 'vitis_hls', version: '2022.1', from: 'settings' });
    expect(d.vivado).toMatchObject({ name: 'vivado', version: '2021.1', from: 'settings' });
    expect(d.missing).toEqual({});
    await call('settings.set', { settings: { toolPaths: [path.join(t.dir, 'nothing-here')] } });
    const none = await call('tools.discover', { probe: false });
    expect(none.hls).toBeUndefined();
    expect(none.missing.hls).toMatch(/no vitis_hls, vitis-run or vivado_hls found/);
    expect(none.missing.hls).toContain(path.join(t.dir, 'nothing-here'));
    expect(none.searched).toContain(path.join(t.dir, 'nothing-here'));
    await call('settings.set', { settings: { toolPaths: [install] } });
  });
});

describe('builds through the API', () => {
  let projectDir: string;
  let full: string;

  beforeAll(async () => {
    projectDir = path.join(t.dir, 'proj');
    await call('project.create', { path: projectDir });
    makeProject(projectDir);
  });

  it('needs an open project or a projectDir', async () => {
    const other = new AppContext('serve');
    const e = await dispatch(createHandlers(other), { type: 'req', id: 1, method: 'runs.list', params: {} });
    expect(e.ok).toBe(false);
    if (!e.ok) expect(e.error.message).toMatch(/no project is open/);
    const bad = await failure(call('builds.start', { steps: ['generate', 'bogus' as never] }));
    expect(bad.message).toMatch(/unknown build step\(s\): bogus/);
  });

  it('starts a build of the open project, streams queue/run/step/progress/batched log events, and lists it', async () => {
    events.length = 0;
    const started = await call('builds.start', { steps: ['generate', 'csynth', 'impl', 'reports'] });
    full = started.run.id;
    expect(started.projectDir).toBe(projectDir);
    expect(['queued', 'running']).toContain(started.run.status);
    await waitFor(runEnded(full), 30_000);
    const final = of('builds.run').filter((r) => r.id === full).at(-1)!;
    expect(final.status).toBe('done');
    expect(final.projectDir).toBe(projectDir);
    expect(final.figures['csynth.lut']).toMatchObject({ value: 159624, source: 'csynth' });
    expect(final.figures['impl.powerTotalW']).toMatchObject({ value: 1.394, source: 'impl' });

    expect(of('builds.queue').some((q) => q.running.some((j) => j.runId === full))).toBe(true);
    expect(of('builds.step').filter((s) => s.runId === full).map((s) => `${s.step.name}:${s.step.status}`)).toEqual([
      'generate:running', 'generate:done', 'csynth:running', 'csynth:done', 'impl:running', 'impl:done', 'reports:running', 'reports:done',
    ]);
    const prog = of('builds.progress').filter((p) => p.runId === full && p.step === 'csynth');
    expect(prog.length).toBeGreaterThan(2);
    expect(prog.at(-1)!.percent).toBeGreaterThan(prog[0].percent);

    // Log lines arrive batched, all of them, with warnings classified.
    const logs = of('builds.log').filter((l) => l.runId === full && l.step === 'csynth');
    const lines = logs.flatMap((l) => l.lines);
    const fixtureLines = readFileSync(fixtureLog, 'latin1').replace(/\n$/, '').split('\n');
    expect(lines.length).toBe(fixtureLines.length);
    expect(logs.length).toBeLessThan(lines.length / 5);
    expect(lines.filter((l) => l.sev === 'warning').length).toBe(fixtureLines.filter((l) => /^WARNING: \[/.test(l)).length);
    expect(lines.find((l) => l.sev === 'warning')!.id).toMatch(/^HLS \d+-\d+$/);

    // The status bar's app job mirrored the build.
    expect(of('job.done').some((j) => j.state === 'done')).toBe(true);

    const list = await call('runs.list', {});
    expect(list.runs.map((r) => r.id)).toContain(full);
    expect(list.runs.find((r) => r.id === full)!.status).toBe('done');
    const run = await call('runs.get', { runId: full });
    expect(run.steps.find((s) => s.name === 'csynth')!.logPath).toBe(path.join('logs', 'csynth.log'));
    expect(JSON.stringify(run)).not.toMatch(/pidStartTicks/);
  });

  it('runs.log returns a bounded tail of a step log and refuses paths that are not run ids', async () => {
    const log = await call('runs.log', { runId: full, step: 'csynth', tail: 25 });
    const fileLines = readFileSync(log.file, 'latin1').split('\n').filter((l, i, a) => i < a.length - 1 || l !== '');
    expect(log.lines).toHaveLength(25);
    expect(log.truncated).toBe(true);
    expect(log.lines.at(-1)!.line).toBe(fileLines.at(-1));
    expect(log.counts.warning).toBe(7);
    expect((await failure(call('runs.log', { runId: '../..', step: 'csynth' }))).code).toBe('E_API');
    expect((await failure(call('runs.log', { runId: full, step: 'generate' }))).message).toMatch(/no log file/);
    expect((await failure(call('runs.log', { runId: full, step: 'csynth', tail: 1e9 }))).code).toBe('E_API');
  });

  it('queues a second build behind the first (limit 1), cancels it by run id, and compares two runs', async () => {
    events.length = 0;
    const a = await call('builds.start', { steps: ['generate', 'csynth'] });
    const b = await call('builds.start', { steps: ['generate', 'csynth'] });
    const c = await call('builds.start', { steps: ['generate', 'csynth'] });
    const q = await call('builds.queue', {});
    expect(q.limit).toBe(1);
    expect(q.running.length + q.queued.length).toBe(3);
    expect(q.queued.map((j) => j.runId)).toContain(c.run.id);
    expect(await call('builds.cancel', { runId: c.run.id })).toEqual({ cancelled: true });
    await waitFor(runEnded(a.run.id), 30_000);
    await waitFor(runEnded(b.run.id), 30_000);
    expect(of('builds.queue').every((s) => s.running.length <= 1)).toBe(true);
    await waitFor(() => readFileSync(path.join(projectDir, '.workbench', 'runs', c.run.id, 'run.json'), 'utf8').includes('"cancelled"'), 5000);
    const listed = (await call('runs.list', {})).runs;
    expect(listed.find((r) => r.id === c.run.id)!.status).toBe('cancelled');

    // The run cancelled before it started resumes as the same run and finishes.
    const resumed = await call('builds.start', { resumeRunId: c.run.id });
    expect(resumed.run.id).toBe(c.run.id);
    await waitFor(() => of('builds.run').some((r) => r.id === c.run.id && r.status === 'done'), 30_000);
    expect((await call('runs.get', { runId: c.run.id })).figures['csynth.lut'].value).toBe(159624);

    const cmp = await call('runs.compare', { a: full, b: b.run.id });
    const lut = cmp.rows.find((r) => r.key === 'csynth.lut')!;
    expect(lut).toMatchObject({ a: { value: 159624 }, b: { value: 159624 }, delta: 0 });
    const power = cmp.rows.find((r) => r.key === 'impl.powerTotalW')!;
    expect(power.a?.value).toBe(1.394);
    expect(power.b).toBeUndefined();
  });

  it('without any tool found, generate still runs and the failed step says why', async () => {
    await call('settings.set', { settings: { toolPaths: [] } });
    const PATH = process.env.PATH;
    process.env.PATH = '/usr/bin:/bin';
    try {
      const s = await call('builds.start', { steps: ['generate', 'csim', 'csynth'] });
      await waitFor(runEnded(s.run.id), 30_000);
      const run = await call('runs.get', { runId: s.run.id });
      expect(run.status).toBe('failed');
      expect(run.steps.map((x) => x.status)).toEqual(['done', 'done', 'failed']);
      expect(run.steps[2].reason).toMatch(/no vitis_hls, vitis-run or vivado_hls found/);
    } finally {
      process.env.PATH = PATH;
      await call('settings.set', { settings: { toolPaths: [install] } });
    }
  });

  it('the csim step C-simulates the project with g++ and a compile error stops the build before csynth', async () => {
    const dir = path.join(t.dir, 'csim-proj');
    cpSync(path.join(repoRoot, 'tests', 'integration', 'hls-designs', 'fixtures', 'compile-error'), dir, { recursive: true });
    events.length = 0;
    const s = await call('builds.start', { projectDir: dir, steps: ['generate', 'csim', 'csynth'] });
    await waitFor(runEnded(s.run.id), 60_000);
    const run = await call('runs.get', { runId: s.run.id, projectDir: dir });
    expect(run.steps.map((x) => x.status)).toEqual(['done', 'failed', 'skipped']);
    // k.cpp line 5 uses an undeclared name (read by hand)
    expect(run.steps[1].reason).toMatch(/C simulation failed: compile failed: .*k\.cpp:5:\d+: error: .*undeclared_name/);
    expect(of('builds.log').filter((l) => l.runId === s.run.id && l.step === 'csim').flatMap((l) => l.lines).some((l) => /undeclared_name/.test(l.line))).toBe(true);
  });

  it('a run left running by a process that is gone lists as interrupted, with its log still readable', async () => {
    const id = '20260101-000000-dead01';
    const dir = path.join(projectDir, '.workbench', 'runs', id);
    mkdirSync(path.join(dir, 'logs'), { recursive: true });
    writeFileSync(path.join(dir, 'logs', 'csynth.log'), 'INFO: [HLS 200-1510] Running: csynth_design\nERROR: [HLS 214-124] something broke\n');
    const now = new Date().toISOString();
    writeFileSync(path.join(dir, 'run.json'), JSON.stringify({
      schema: 1, id, kind: 'build', projectDir, createdAt: now, updatedAt: now, status: 'running',
      owner: { pid: 4_000_000, host: hostname(), startTicks: '1' },
      steps: [
        { name: 'generate', status: 'done', startedAt: now, endedAt: now, firstErrors: [] },
        { name: 'csynth', status: 'running', startedAt: now, logPath: 'logs/csynth.log', firstErrors: [] },
        { name: 'reports', status: 'queued', firstErrors: [] },
      ],
      reports: [], figures: {},
    }));
    const listed = (await call('runs.list', {})).runs.find((r) => r.id === id)!;
    expect(listed.status).toBe('interrupted');
    const run = await call('runs.get', { runId: id });
    expect(run.steps.map((x) => x.status)).toEqual(['done', 'interrupted', 'skipped']);
    const log = await call('runs.log', { runId: id, step: 'csynth' });
    expect(log.lines.map((l) => l.sev)).toEqual([undefined, 'error']);
    expect(log.lines[1].id).toBe('HLS 214-124');
    expect(log.counts.error).toBe(1);
  });

  it('the saved queue limit applies to the queue at once', async () => {
    events.length = 0;
    await call('settings.set', { settings: { queueLimit: 2 } });
    expect((await call('builds.queue', {})).limit).toBe(2);
    expect(of('builds.queue').at(-1)?.limit).toBe(2);
    await call('settings.set', { settings: { queueLimit: 1 } });
  });

  it('reports.parse reads a report file the parsers know', async () => {
    const file = path.join(sharedDir, 'fixtures', 'reports', 'vivado-2021.1-ebaz4205-zynq7010-impl', 'design_1_wrapper_power_routed.rpt');
    const r = await call('reports.parse', { file });
    expect(r.kind).toBe('power-report');
    expect(r.figures.powerTotalW).toMatchObject({ value: 1.394, source: 'impl' });
    const txt = path.join(t.dir, 'notes.txt');
    writeFileSync(txt, 'hello\n');
    expect((await failure(call('reports.parse', { file: txt }))).message).toMatch(/not a report/);
  });
});

describe('disposing the app', () => {
  it('cancels queued and running builds so nothing starts afterwards', async () => {
    const other = new AppContext('serve');
    const h = createHandlers(other);
    const dir = makeProject(path.join(t.dir, 'dispose'));
    const seen: string[] = [];
    other.bus.subscribe((event, data) => { if (event === 'builds.run') seen.push(`${(data as { id: string }).id}:${(data as { status: string }).status}`); });
    const start = async () => {
      const r = await dispatch(h, { type: 'req', id: 1, method: 'builds.start', params: { projectDir: dir, steps: ['generate', 'csynth'] } });
      if (!r.ok) throw new Error(r.error.message);
      return (r.result as { run: { id: string } }).run.id;
    };
    const a = await start();
    const b = await start();
    other.dispose();
    await waitFor(() => seen.includes(`${a}:cancelled`), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((s) => s.startsWith(`${b}:running`))).toBe(false);
    await waitFor(() => readFileSync(path.join(dir, '.workbench', 'runs', b, 'run.json'), 'utf8').includes('"cancelled"'), 5000);
  });
});
