import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';
import { runStep } from '../../../src-main/toolchain/job-runner';
import { hlsProgress } from '../../../src-main/toolchain/progress';
import { REPLAY_HLS, gone, waitFor } from './helpers';

const t = tmpDir('fwb-runner-');
afterAll(() => t.cleanup());
const script = path.join(t.dir, 'run_hls.tcl');
writeFileSync(script, 'open_project -reset p\nopen_solution -reset s\n');

const spec = (name: string, env: Record<string, string>) => ({
  name, cmd: REPLAY_HLS, args: ['-f', script], cwd: path.join(t.dir, name), logFile: path.join(t.dir, 'logs', `${name}.log`), env,
});

describe('job runner', () => {
  it('streams every line to the callback and the log file, parses progress, classifies the log', async () => {
    const lines: string[] = [];
    const progress: number[] = [];
    const r = await runStep({ ...spec('ok', { FWB_STEPS: 'csynth' }), progress: hlsProgress(['csynth_design']), onLog: (l) => lines.push(l), onProgress: (p) => progress.push(p.percent) });
    expect(r.outcome).toBe('done');
    expect(r.exitCode).toBe(0);
    // the replayed fixture (vitis-hls-2022.1 vitis_hls.log) has 343 lines, 7 WARNING lines
    expect(lines).toHaveLength(343);
    expect(r.counts).toEqual({ error: 0, criticalWarning: 0, warning: 7 });
    expect(readFileSync(r.logPath, 'utf8')).toContain('Estimated Fmax: 165.45 MHz');
    expect(progress.at(-1)).toBe(100);
    expect(r.progress?.stage).toBe('csynth done');
    // the tool wrote its reports relative to its cwd, inside the step's dir
    expect(existsSync(path.join(t.dir, 'ok', 'p', 's', 'syn', 'report', 'csynth.xml'))).toBe(true);
  });

  it('a recorded failure exits non-zero and shows its first errors', async () => {
    const r = await runStep(spec('fail', { REPLAY_FIXTURE: 'vitis-hls-2021.1-xilinx-free-running-csim-FAILED' }));
    expect(r.outcome).toBe('failed');
    expect(r.exitCode).toBe(1);
    expect(r.firstErrors.map((e) => [e.line, e.id])).toEqual([[49, 'SIM 211-100']]);
  });

  it('exit 0 with ERROR lines still counts as failed', async () => {
    const r = await runStep(spec('caught', { REPLAY_FIXTURE: 'vitis-hls-2021.1-xilinx-free-running-csim-FAILED', REPLAY_EXIT: '0' }));
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/1 ERROR line/);
  });

  it('crash: exit 139 and death by signal', async () => {
    const a = await runStep(spec('crash', { REPLAY_MODE: 'crash' }));
    expect(a).toMatchObject({ outcome: 'failed', exitCode: 139, reason: 'exit code 139' });
    const b = await runStep(spec('sig', { REPLAY_MODE: 'signal' }));
    expect(b).toMatchObject({ outcome: 'failed', signal: 'SIGSEGV' });
  });

  it('a missing executable fails with a reason, not a throw', async () => {
    const r = await runStep({ ...spec('missing', {}), cmd: path.join(t.dir, 'no-such-tool') });
    expect(r.outcome).toBe('failed');
    expect(r.reason).toMatch(/could not start/);
  });

  it('cancel ends the whole process tree (tool ignoring SIGTERM + its grandchild) within 2 s', async () => {
    const pidFile = path.join(t.dir, 'hang.pids');
    const ctrl = new AbortController();
    const p = runStep({ ...spec('hang', { REPLAY_MODE: 'hang', REPLAY_IGNORE_TERM: '1', REPLAY_PID_FILE: pidFile }), signal: ctrl.signal, killGraceMs: 800 });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes('\n'));
    const [tool, grandchild] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    expect(gone(tool)).toBe(false);
    expect(gone(grandchild)).toBe(false);
    const t0 = Date.now();
    ctrl.abort();
    const r = await p;
    const took = Date.now() - t0;
    expect(r.outcome).toBe('cancelled');
    expect(took).toBeLessThan(2000);
    await waitFor(() => gone(tool) && gone(grandchild), 2000 - Math.min(took, 1900));
  });

  it('timeout kills the tree and says so', async () => {
    const pidFile = path.join(t.dir, 'timeout.pids');
    const r = await runStep({ ...spec('timeout', { REPLAY_MODE: 'hang', REPLAY_PID_FILE: pidFile }), timeoutMs: 700, killGraceMs: 500 });
    expect(r.outcome).toBe('timeout');
    expect(r.reason).toMatch(/timed out/);
    const [tool, grandchild] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    await waitFor(() => gone(tool) && gone(grandchild), 2000);
  });
});
