import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../../helpers/tmp';
import { repoRoot } from '../../helpers/paths';
import { discoverTools, explainMissing, versionFromOutput } from '../../../src-main/toolchain/discovery';
import { envFromSettings, parseEnv0 } from '../../../src-main/toolchain/settings-env';

const t = tmpDir('fwb-disc-');
afterAll(() => t.cleanup());

/** A fake tool: a Node script that prints a version banner (what `-version` prints). */
function fakeTool(file: string, banner: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/usr/bin/env node\nconsole.log(${JSON.stringify(banner)});\n`);
  chmodSync(file, 0o755);
}

describe('tool discovery', () => {
  const root = path.join(t.dir, 'tools', 'Xilinx');
  // ≤2024 layout: <root>/<Product>/<ver>/bin
  fakeTool(path.join(root, 'Vitis_HLS', '2023.1', 'bin', 'vitis_hls'), '****** Vitis HLS - High-Level Synthesis from C, C++ and OpenCL v2023.1 (64-bit)');
  fakeTool(path.join(root, 'Vivado', '2023.1', 'bin', 'vivado'), 'Vivado v2023.1 (64-bit)');
  writeFileSync(path.join(root, 'Vivado', '2023.1', 'settings64.sh'), 'export XILINX_VIVADO="$(dirname "${BASH_SOURCE[0]}")"\nexport FWB_FAKE_SETTINGS="a b\nc"\n');
  // 2025.1+ layout: <root>/<ver>/<Product>/bin
  fakeTool(path.join(root, '2025.1', 'Vitis', 'bin', 'vitis-run'), 'vitis-run v2025.1 (64-bit)');
  fakeTool(path.join(root, '2025.1', 'Vitis', 'bin', 'v++'), 'v++ v2025.1 (64-bit)');
  fakeTool(path.join(root, '2025.1', 'Vivado', 'bin', 'vivado'), 'Vivado v2025.1 (64-bit)');
  // an old install under /opt-like root, and a replay under the real name via a settings path
  fakeTool(path.join(t.dir, 'opt', 'Xilinx', 'Vivado_HLS', '2019.2', 'bin', 'vivado_hls'), '****** Vivado(TM) HLS - High-Level Synthesis from C, C++ and SystemC v2019.2 (64-bit)');
  const replayBin = path.join(t.dir, 'replay', 'Vitis_HLS', '2022.1', 'bin');
  mkdirSync(replayBin, { recursive: true });
  symlinkSync(path.join(repoRoot, 'tests', 'tools', 'replay-vitis-hls'), path.join(replayBin, 'vitis_hls'));
  const noEnv = { PATH: '' };

  it('finds both layouts with versions from path and from -version output', async () => {
    const d = await discoverTools({ roots: [root, path.join(t.dir, 'opt', 'Xilinx')], env: noEnv });
    const by = (n: string, v: string) => d.tools.find((x) => x.name === n && x.version === v);
    expect(by('vitis_hls', '2023.1')).toMatchObject({ pathVersion: '2023.1', outputVersion: '2023.1' });
    expect(by('vivado', '2023.1')?.settings64).toBe(path.join(root, 'Vivado', '2023.1', 'settings64.sh'));
    expect(by('vitis-run', '2025.1')).toBeDefined();
    expect(by('v++', '2025.1')).toBeDefined();
    expect(by('vivado_hls', '2019.2')).toBeDefined();
    // newest wins: vitis-run 2025.1 for HLS (used as --mode hls --tcl), vivado 2025.1
    expect(d.hls).toMatchObject({ name: 'vitis-run', version: '2025.1' });
    expect(d.vivado).toMatchObject({ version: '2025.1' });
  });
  it('settings paths, XILINX_* env and PATH', async () => {
    const d = await discoverTools({ paths: [replayBin], roots: [], env: { PATH: path.join(root, 'Vivado', '2023.1', 'bin'), XILINX_HLS: path.join(root, 'Vitis_HLS', '2023.1') } });
    expect(d.tools.find((x) => x.from === 'settings')).toMatchObject({ name: 'vitis_hls', version: '2022.1' });
    expect(d.tools.find((x) => x.from === 'XILINX_HLS')).toMatchObject({ name: 'vitis_hls', version: '2023.1' });
    expect(d.tools.find((x) => x.from === 'PATH')).toMatchObject({ name: 'vivado', version: '2023.1' });
    expect(d.hls?.version).toBe('2023.1');
  });
  it('a settings64.sh given as a path finds its install', async () => {
    const d = await discoverTools({ paths: [path.join(root, 'Vivado', '2023.1', 'settings64.sh')], roots: [], env: noEnv, probe: false });
    expect(d.tools.map((x) => x.name)).toEqual(['vivado']);
    expect(d.tools[0].outputVersion).toBeUndefined();
    expect(d.tools[0].version).toBe('2023.1');
  });
  it('nothing found: says which tools and where it looked', async () => {
    const d = await discoverTools({ roots: [path.join(t.dir, 'nowhere')], env: noEnv });
    expect(d.tools).toEqual([]);
    const why = explainMissing('hls', d);
    expect(why).toContain('vitis_hls');
    expect(why).toContain(path.join(t.dir, 'nowhere'));
  });
  it('reads the environment of settings64.sh without a shell string (path with spaces and quotes)', async () => {
    const odd = path.join(t.dir, `we "ird" $(echo no) dir`);
    mkdirSync(odd, { recursive: true });
    const s = path.join(odd, 'settings64.sh');
    writeFileSync(s, 'export XILINX_VIVADO=/x/Vivado/2023.1\nexport FWB_MULTI="line1\nline2"\necho noise\n');
    const env = await envFromSettings(s);
    expect(env.XILINX_VIVADO).toBe('/x/Vivado/2023.1');
    expect(env.FWB_MULTI).toBe('line1\nline2');
    expect(parseEnv0('A=1\0B=x=y\0')).toEqual({ A: '1', B: 'x=y' });
  });
  it('version from output', () => {
    expect(versionFromOutput('Vivado v2020.2.0 (64-bit)')).toBe('2020.2.0');
    expect(versionFromOutput('nothing')).toBeUndefined();
  });
});
