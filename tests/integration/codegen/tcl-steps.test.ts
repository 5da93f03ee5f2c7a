/**
 * run_hls.tcl is real TCL: executed by tclsh with the Vitis commands stubbed (each logs its arguments),
 * it runs exactly the steps FWB_STEPS names, resets only with FWB_RESET=1, exports with FWB_EXPORT_FLOW,
 * and passes --strict to the testbench in csim. run_vivado.tcl at least parses.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomModel } from './random-model';
import { tmpDir } from '../../helpers/tmp';
import { loadBoard } from '../../../src-main/boards/registry';
import { planFromStructure } from '../../../src-main/plan/from-graph';
import { generateFiles } from '../../../src-main/codegen/generate';

const hasTclsh = spawnSync('tclsh', [], { input: 'exit 0\n' }).status === 0;
const STUBS = ['open_project', 'set_top', 'add_files', 'open_solution', 'set_part', 'create_clock', 'config_export', 'csim_design', 'csynth_design', 'cosim_design', 'export_design'];

describe.skipIf(!hasTclsh)('run_hls.tcl under tclsh with stubbed Vitis commands', () => {
  const board = loadBoard('zcu102');
  const m = randomModel('vit:img=32,patch=8,dim=32,depth=1,heads=2,mlp=2,classes=10', 2);
  m.graph.name = 'evil [exec touch pwned] $HOME;x';
  m.structure.name = m.graph.name;
  const g = generateFiles({ ...m, plan: planFromStructure(m.structure, { board }), board });
  const script = String(g.files.find((f) => f.path === 'run_hls.tcl')!.data);

  function run(env: Record<string, string>): string[] {
    const { dir, cleanup } = tmpDir('fwb-tcl-');
    try {
      const stubs = STUBS.map((c) => `proc ${c} {args} { puts [string trim "${c} $args"] }`).join('\n');
      writeFileSync(path.join(dir, 'run.tcl'), `${stubs}\nrename exit _exit\nproc exit {args} { puts exit }\n${script}`);
      const r = spawnSync('tclsh', [path.join(dir, 'run.tcl')], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env }, cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      expect(() => readFileSync(path.join(dir, 'pwned'))).toThrow();
      return r.stdout.trim().split('\n');
    } finally {
      cleanup();
    }
  }

  it('defaults to csim, csynth, export without reset', () => {
    const out = run({});
    expect(out.filter((l) => /_design/.test(l))).toEqual(['csim_design -argv {data out --strict}', 'csynth_design', 'export_design -format ip_catalog -flow impl']);
    expect(out.find((l) => l.startsWith('open_project'))).toMatch(/^open_project fwb_evil_exec_touch_pwned_HOME_x$/);
    expect(out).toContain(`set_part ${board.part}`);
    expect(out.find((l) => l.startsWith('open_solution'))).toBe('open_solution solution1 -flow_target vivado');
  });

  it('runs only the steps FWB_STEPS lists, with -reset when FWB_RESET=1 and the export flow asked for', () => {
    const out = run({ FWB_STEPS: 'csynth', FWB_RESET: '1' });
    expect(out.filter((l) => /_design/.test(l))).toEqual(['csynth_design']);
    expect(out.find((l) => l.startsWith('open_project'))).toMatch(/^open_project -reset /);
    expect(out.find((l) => l.startsWith('open_solution'))).toBe('open_solution -reset solution1 -flow_target vivado');
    const ex = run({ FWB_STEPS: 'cosim,export', FWB_EXPORT_FLOW: 'syn' });
    expect(ex.filter((l) => /_design/.test(l))).toEqual(['cosim_design -rtl verilog', 'export_design -format ip_catalog -flow syn']);
  });

  it('run_vivado.tcl is complete TCL', () => {
    const viv = String(g.files.find((f) => f.path === 'run_vivado.tcl')!.data);
    const r = spawnSync('tclsh', [], { input: `puts [info complete ${JSON.stringify(viv).replace(/\$/g, '\\$').replace(/\[/g, '\\[')}]\n`, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('1');
  });
});
