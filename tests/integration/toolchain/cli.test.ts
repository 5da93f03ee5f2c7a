// CLI end to end: discovery finds the replay stand-ins installed under the real tool names in a
// temp dir given as --tool-path; build records a run; report prints figures of a file and of the run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';
import { repoRoot, sharedDir } from '../../helpers/paths';
import { REPLAY_HLS, REPLAY_VIVADO, makeProject } from './helpers';

const t = tmpDir('fwb-cli-tc-');
afterAll(() => t.cleanup());
const bin = path.join(repoRoot, 'bin', 'fpga-workbench.mjs');
const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, PATH: '/usr/bin:/bin' } });

const install = path.join(t.dir, 'Xilinx');
mkdirSync(path.join(install, 'Vitis_HLS', '2022.1', 'bin'), { recursive: true });
mkdirSync(path.join(install, 'Vivado', '2021.1', 'bin'), { recursive: true });
symlinkSync(REPLAY_HLS, path.join(install, 'Vitis_HLS', '2022.1', 'bin', 'vitis_hls'));
symlinkSync(REPLAY_VIVADO, path.join(install, 'Vivado', '2021.1', 'bin', 'vivado'));

describe('CLI: tools, build, report', () => {
  it('tools --json finds the tools under a settings path', () => {
    const r = cli('tools', '--path', install, '--json');
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.hls).toMatchObject({ name: 'vitis_hls', version: '2022.1', from: 'settings' });
    expect(d.vivado).toMatchObject({ name: 'vivado', version: '2021.1' });
  });

  it('build --json runs the steps and report reads the run back', () => {
    const dir = makeProject(path.join(t.dir, 'proj'));
    const r = cli('build', dir, '--tool-path', install, '--steps', 'generate,csynth,impl,reports', '--json');
    expect(r.status, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run.status).toBe('done');
    expect(run.figures['csynth.lut'].value).toBe(159624);
    expect(run.tools.hls).toContain('vitis_hls 2022.1');
    const rep = cli('report', path.join(dir, '.workbench', 'runs', run.id), '--json');
    expect(JSON.parse(rep.stdout).id).toBe(run.id);
    const hist = JSON.parse(cli('report', dir, '--json').stdout);
    expect(hist.runs.map((x: { id: string }) => x.id)).toEqual([run.id]);
  });

  it('build without tools stops at csynth and says why (plain lines, exit 1)', () => {
    const dir = makeProject(path.join(t.dir, 'proj2'));
    const r = cli('build', dir, '--steps', 'generate,csim,csynth');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✔ generate done/);
    expect(r.stdout).toMatch(/✘ csynth failed: .*no vitis_hls, vitis-run or vivado_hls found/);
  });

  it('report FILE prints figures with their source', () => {
    const out = execFileSync(process.execPath, [bin, 'report', path.join(sharedDir, 'fixtures', 'reports', 'vivado-2021.1-ebaz4205-zynq7010-impl', 'design_1_wrapper_power_routed.rpt')], { encoding: 'utf8' });
    expect(out).toMatch(/powerTotalW\s+1\.39 W \[impl\]/);
    const bad = cli('build', t.dir, '--steps', 'csynth,bogus');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown build step\(s\): bogus/);
  });
});
