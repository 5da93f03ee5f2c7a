import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';
import { fig } from '../../../src-main/core/figure';
import { compareRuns, listRuns, loadRun, newRun, RunRecorder, runFile, saveRun, startTicks, stopOrphanedSteps } from '../../../src-main/project/runs';

async function waitUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

const t = tmpDir('fwb-runs-');
afterAll(() => t.cleanup());

/** The pid of a process that has certainly exited (spawned and waited for). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

describe('run records', () => {
  it('round-trips through run.json and lists newest first', async () => {
    const dir = path.join(t.dir, 'p1');
    const a = newRun(dir, { kind: 'build', steps: ['generate', 'csynth'], id: '20260101-000000-aaaaaa' });
    const b = newRun(dir, { kind: 'build', steps: ['generate'], id: '20260102-000000-bbbbbb' });
    a.status = 'done';
    b.status = 'failed';
    await saveRun(a);
    await saveRun(b);
    const back = await loadRun(dir, a.id);
    expect(back.steps.map((s) => s.name)).toEqual(['generate', 'csynth']);
    const { runs, errors } = await listRuns(dir);
    expect(runs.map((r) => r.id)).toEqual([b.id, a.id]);
    expect(errors).toEqual([]);
  });

  it('recorder writes after each change, in order', async () => {
    const dir = path.join(t.dir, 'p2');
    const rec = new RunRecorder(newRun(dir, { kind: 'build', steps: ['csynth'] }));
    await Promise.all([1, 2, 3, 4, 5].map((i) => rec.update((r) => { r.steps[0].progress = { stage: 's', percent: i * 10 }; })));
    const onDisk = JSON.parse(readFileSync(runFile(dir, rec.run.id), 'utf8'));
    expect(onDisk.steps[0].progress.percent).toBe(50);
  });

  it('a record left running by a dead process loads as interrupted (and is saved so)', async () => {
    const dir = path.join(t.dir, 'p3');
    const run = newRun(dir, { kind: 'build', steps: ['generate', 'csynth', 'reports'] });
    run.status = 'running';
    run.steps[0].status = 'done';
    run.steps[1].status = 'running';
    run.steps[1].logPath = 'logs/csynth.log';
    run.owner = { ...run.owner, pid: deadPid() };
    await saveRun(run);
    const back = await loadRun(dir, run.id);
    expect(back.status).toBe('interrupted');
    expect(back.steps.map((s) => s.status)).toEqual(['done', 'interrupted', 'skipped']);
    expect(back.steps[1].logPath).toBe('logs/csynth.log');
    expect(JSON.parse(readFileSync(runFile(dir, run.id), 'utf8')).status).toBe('interrupted');
  });

  it('a running record owned by this live process stays running; a reused pid does not look alive', async () => {
    const dir = path.join(t.dir, 'p4');
    const run = newRun(dir, { kind: 'build', steps: ['csynth'] });
    run.status = 'running';
    await saveRun(run);
    expect((await loadRun(dir, run.id)).status).toBe('running');
    if (run.owner.startTicks) {
      run.owner.startTicks = String(Number(run.owner.startTicks) + 12345);
      await saveRun(run);
      expect((await loadRun(dir, run.id)).status).toBe('interrupted');
    }
  });

  it('stops an orphaned step process group only when pid and start time still match', async () => {
    const spawnIdle = () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    const a = spawnIdle();
    const b = spawnIdle();
    const dir = path.join(t.dir, 'p6');
    const run = newRun(dir, { kind: 'build', steps: ['csynth', 'impl'] });
    await waitUntil(() => startTicks(a.pid!) !== undefined && startTicks(b.pid!) !== undefined);
    run.steps[0] = { ...run.steps[0], status: 'interrupted', pid: a.pid, pidStartTicks: startTicks(a.pid!) };
    // same pid but another start time: a reused pid, must not be touched
    run.steps[1] = { ...run.steps[1], status: 'interrupted', pid: b.pid, pidStartTicks: String(Number(startTicks(b.pid!)) + 1) };
    const exitA = new Promise((r) => a.on('exit', r));
    expect(await stopOrphanedSteps(run, 200)).toEqual([a.pid]);
    await exitA;
    expect(b.exitCode).toBeNull();
    process.kill(-b.pid!, 'SIGKILL');
  });

  it('a corrupt run.json gives an error naming the file and does not hide the others', async () => {
    const dir = path.join(t.dir, 'p5');
    const good = newRun(dir, { kind: 'build', steps: ['csynth'], id: '20260101-000000-good00' });
    await saveRun(good);
    const badDir = path.join(dir, '.workbench', 'runs', '20260103-000000-bad000');
    mkdirSync(badDir, { recursive: true });
    writeFileSync(path.join(badDir, 'run.json'), '{"schema":1,"id":"20260103-000000-bad000","steps":[{"na');
    await expect(loadRun(dir, '20260103-000000-bad000')).rejects.toThrow(/bad000.*run\.json.*not valid JSON/);
    const { runs, errors } = await listRuns(dir);
    expect(runs.map((r) => r.id)).toEqual([good.id]);
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain(path.join(badDir, 'run.json'));
  });

  it('compares the key figures of two runs side by side', () => {
    const a = newRun(t.dir, { kind: 'build', steps: [] });
    const b = newRun(t.dir, { kind: 'build', steps: [] });
    a.figures = { 'csynth.lut': fig(1000, 'LUT', 'csynth'), 'impl.wnsNs': fig(-0.5, 'ns', 'impl') };
    b.figures = { 'csynth.lut': fig(1200, 'LUT', 'csynth'), 'impl.powerTotalW': fig(1.4, 'W', 'impl') };
    const c = compareRuns(a, b);
    expect(c.rows.map((r) => r.key)).toEqual(['csynth.lut', 'impl.wnsNs', 'impl.powerTotalW']);
    expect(c.rows[0].delta).toBe(200);
    expect(c.rows[1].b).toBeUndefined();
    expect(c.rows[2].a).toBeUndefined();
  });
});
