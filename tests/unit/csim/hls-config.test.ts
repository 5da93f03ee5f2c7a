import { describe, expect, it } from 'vitest';
import { interpretHlsConfig } from '../../../src-main/csim/hls-config';
import { parseClockPeriodNs } from '../../../src-main/csim/project';

describe('hls_config.cfg reader', () => {
  const cfg = `# comment
part=xcvu9p-flga2104-2-e

[hls]
flow_target=vivado
clock=4ns
syn.top=dct
syn.file=../src/dct.cpp
syn.file_cflags=../src/dct.cpp,-I../include -DFOO=1
syn.cflags=-DGLOBAL
tb.file=../tb/dct_tb.cpp
tb.file=../tb/data
tb.cflags=-DTB
csim.argv=in.dat out.dat
csim.clean=true
syn.directive.pipeline=dct II=1
mystery.key=1
`;
  const p = interpretHlsConfig(cfg, '/w/comp/hls_config.cfg');

  it('reads part, top, clock, flow target and files relative to the cfg', () => {
    expect(p.part).toBe('xcvu9p-flga2104-2-e');
    expect(p.top).toBe('dct');
    expect(p.clockPeriodNs).toBe(4);
    expect(p.flowTarget).toBe('vivado');
    expect(p.designFiles.map((f) => f.path)).toEqual(['/w/src/dct.cpp']);
    expect(p.tbFiles.map((f) => f.path)).toEqual(['/w/tb/dct_tb.cpp', '/w/tb/data']);
  });

  it('attaches per-file and global flags, csim argv and clean', () => {
    expect(p.designFiles[0].cflags).toEqual(['-I../include', '-DFOO=1']);
    expect(p.designCflags).toEqual(['-DGLOBAL']);
    expect(p.tbCflags).toEqual(['-DTB']);
    expect(p.csim.argv).toEqual(['in.dat', 'out.dat']);
    expect(p.csim.clean).toBe(true);
  });

  it('recognises synthesis keys and lists unknown ones as ignored', () => {
    expect(p.recognisedCommands.map((c) => c.name)).toContain('hls.syn.directive.pipeline');
    expect(p.ignoredCommands.map((c) => [c.name, c.line])).toEqual([['mystery.key', 17]]);
  });

  it('warns when per-file flags name a file that is not in the project', () => {
    const q = interpretHlsConfig('[hls]\nsyn.file_cflags=nope.cpp,-DX\n', '/w/hls_config.cfg');
    expect(q.warnings[0]).toMatch(/nope\.cpp/);
  });
});

describe('clock periods', () => {
  it('reads ns and MHz forms', () => {
    expect(parseClockPeriodNs('10')).toBe(10);
    expect(parseClockPeriodNs('3.33ns')).toBe(3.33);
    expect(parseClockPeriodNs('250MHz')).toBe(4);
    expect(parseClockPeriodNs('fast')).toBeUndefined();
  });
});

describe('locating a project', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const { locateProjectFile } = await import('../../../src-main/csim/csim-project');

  it('prefers hls_config.cfg, then run_hls.tcl, then any script with project commands', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'locate-'));
    writeFileSync(path.join(dir, 'a_helpers.tcl'), 'proc x {} {}\n');
    writeFileSync(path.join(dir, 'z_project.tcl'), 'open_project p\n');
    expect(locateProjectFile(dir)).toEqual({ file: path.join(dir, 'z_project.tcl'), kind: 'tcl' });
    writeFileSync(path.join(dir, 'run_hls.tcl'), 'open_project p\n');
    expect(locateProjectFile(dir).file).toBe(path.join(dir, 'run_hls.tcl'));
    writeFileSync(path.join(dir, 'hls_config.cfg'), '[hls]\n');
    expect(locateProjectFile(dir)).toEqual({ file: path.join(dir, 'hls_config.cfg'), kind: 'cfg' });
    expect(locateProjectFile(path.join(dir, 'z_project.tcl')).file).toBe(path.join(dir, 'z_project.tcl'));
  });

  it('says clearly when there is no project', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'locate-none-'));
    expect(() => locateProjectFile(dir)).toThrow(/no Vitis HLS project here/);
    expect(() => locateProjectFile(path.join(dir, 'missing'))).toThrow(/no such file/);
  });
});
