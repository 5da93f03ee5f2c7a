import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { interpretTcl } from '../../../src-main/csim/hls-tcl';
import { splitTclList, tokenizeTcl } from '../../../src-main/csim/tcl-tokenize';

const script = '/proj/run_hls.tcl';
const read = (text: string, env: Record<string, string> = {}) => interpretTcl(text, script, { env });
const wordsOf = (text: string) =>
  tokenizeTcl(text).map((c) => c.words.map((w) => w.parts.map((p) => (p.kind === 'text' ? p.value : `<${p.kind}>`)).join('')));

describe('Tcl tokenizer', () => {
  it('splits commands on newlines and semicolons and drops comments', () => {
    expect(wordsOf('set a 1; set b 2\n# comment; not a command\nset_top top')).toEqual([
      ['set', 'a', '1'],
      ['set', 'b', '2'],
      ['set_top', 'top'],
    ]);
  });

  it('keeps braces literal (nested, with $ and [ ]) and substitutes inside quotes', () => {
    const cmds = tokenizeTcl('csim_design -argv {a {b c} $x [y]} "q $v"');
    expect(cmds[0].words[2].braced).toBe(true);
    expect(cmds[0].words[2].parts).toEqual([{ kind: 'text', value: 'a {b c} $x [y]' }]);
    expect(cmds[0].words[3].parts.map((p) => p.kind)).toEqual(['text', 'var']);
  });

  it('joins backslash-newline continuations and tracks line numbers', () => {
    const cmds = tokenizeTcl('\nadd_files a.cpp \\\n   -cflags "-DX"\nset_top t\n');
    expect(cmds.map((c) => c.line)).toEqual([2, 4]);
    expect(wordsOf('add_files a.cpp \\\n   -cflags "-DX"')[0]).toEqual(['add_files', 'a.cpp', '-cflags', '-DX']);
  });

  it('handles backslash escapes in quoted words', () => {
    expect(wordsOf('puts "a\\"b\\tc\\$d"')[0][1]).toBe('a"b\tc$d');
  });

  it('reports unbalanced braces with the file and line', () => {
    expect(() => tokenizeTcl('set a 1\nset b {open', 'x.tcl')).toThrow(/x\.tcl:2/);
  });

  it('splits Tcl lists with braces and quotes', () => {
    expect(splitTclList('a {b c} "d e" f\\ g')).toEqual(['a', 'b c', 'd e', 'f g']);
  });
});

describe('Vitis HLS script reader', () => {
  it('reads project, top, files, flags, part, clock and csim argv', () => {
    const p = read(`
open_project -reset my_prj
set_top kernel_top
add_files src/k.cpp -cflags "-I./include -DN=4"
add_files -tb tb/tb.cpp -csimflags {-DTB}
add_files -tb data
open_solution -reset "solution1" -flow_target vitis
set_part {xczu9eg-ffvb1156-2-e}
create_clock -period 300MHz -name default
csim_design -argv {--seed 7 "two words"} -O
csynth_design
`);
    expect(p.name).toBe('my_prj');
    expect(p.top).toBe('kernel_top');
    expect(p.solution).toBe('solution1');
    expect(p.flowTarget).toBe('vitis');
    expect(p.part).toBe('xczu9eg-ffvb1156-2-e');
    expect(p.clockPeriodNs).toBeCloseTo(1000 / 300, 6);
    expect(p.designFiles.map((f) => f.path)).toEqual(['/proj/src/k.cpp']);
    expect(p.designFiles[0].cflags).toEqual(['-I./include', '-DN=4']);
    expect(p.tbFiles.map((f) => f.as)).toEqual(['tb/tb.cpp', 'data']);
    expect(p.tbFiles[0].csimflags).toEqual(['-DTB']);
    expect(p.csim.argv).toEqual(['--seed', '7', 'two words']);
    expect(p.csim.optimize).toBe(true);
    expect(p.csim.requested).toBe(true);
    expect(p.ignoredCommands).toEqual([]);
    expect(p.recognisedCommands.map((c) => c.name)).toContain('csynth_design');
  });

  it('substitutes variables set statically, including ${x}, env and file helpers', () => {
    const p = read(
      `set src [file join [file dirname [info script]] src]
set name "k"
add_files \${src}/$name.cpp
add_files -tb $::env(TB_DIR)/tb.cpp
set_top \${name}_top`,
      { TB_DIR: '/elsewhere' },
    );
    expect(p.designFiles[0].path).toBe('/proj/src/k.cpp');
    expect(p.tbFiles[0].path).toBe('/elsewhere/tb.cpp');
    expect(p.top).toBe('k_top');
  });

  it('accepts several files in one add_files word and unrolls a static foreach', () => {
    const p = read(`add_files "a.cpp b.cpp"
foreach f {c.cpp d.cpp} {
  add_files -tb $f
}`);
    expect(p.designFiles.map((f) => f.as)).toEqual(['a.cpp', 'b.cpp']);
    expect(p.tbFiles.map((f) => f.as)).toEqual(['c.cpp', 'd.cpp']);
  });

  it('lists unknown commands, control flow and unresolved substitutions as ignored, with lines', () => {
    const p = read(`puts hello
if {[llength $argv] > 0} { add_files x.cpp }
add_files $undefined_var/k.cpp
source directives.tcl
add_files ok.cpp`);
    expect(p.ignoredCommands.map((c) => [c.name, c.line])).toEqual([
      ['puts', 1],
      ['if', 2],
      ['add_files', 3],
      ['source', 4],
    ]);
    expect(p.ignoredCommands[2].reason).toMatch(/\$undefined_var/);
    expect(p.designFiles.map((f) => f.as)).toEqual(['ok.cpp']);
  });

  it('follows if/elseif/else when the condition is static, with array set and env', () => {
    const p = read(`array set opt { csim 1 synth 0 mode fast }
if {$opt(synth)} {
  add_files synth_only.cpp
} elseif {$opt(mode) eq "fast" && !$opt(synth)} then {
  add_files fast.cpp
} else {
  add_files slow.cpp
}
if {$::env(HOME_SET) == 1} { set_top from_env } else { set_top other }
if {$opt(csim)} { csim_design -argv {a b} }`, { HOME_SET: '1' });
    expect(p.designFiles.map((f) => f.as)).toEqual(['fast.cpp']);
    expect(p.top).toBe('from_env');
    expect(p.csim.requested).toBe(true);
    expect(p.csim.argv).toEqual(['a', 'b']);
    expect(p.ignoredCommands).toEqual([]);
  });

  it('uses the files as they were at csim_design; re-adding a file replaces its flags', () => {
    const p = read(`add_files k.cpp
add_files -tb tb.cpp -cflags "-DA"
add_files -tb tb.cpp -cflags "-DB"
csim_design
add_files -tb tb.cpp -cflags "-DRTL_SIM"
add_files late.cpp
cosim_design`);
    expect(p.tbFiles.map((f) => [f.as, f.cflags.join(' ')])).toEqual([['tb.cpp', '-DB']]);
    expect(p.designFiles.map((f) => f.as)).toEqual(['k.cpp']);
  });

  it('reads a sourced script statically, with info script naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tcl-source-'));
    mkdirSync(path.join(dir, 'cfg'));
    writeFileSync(path.join(dir, 'cfg', 'project.tcl'), 'set myproject demo\nset here [file dirname [info script]]\n');
    const p = interpretTcl('source [file join [file dirname [info script]] cfg project.tcl]\nset_top $myproject\nadd_files $here/k.cpp\nsource missing.tcl', path.join(dir, 'run.tcl'));
    expect(p.top).toBe('demo');
    expect(p.designFiles[0].path).toBe(path.join(dir, 'cfg', 'k.cpp'));
    expect(p.ignoredCommands.map((c) => [c.name, c.reason])).toEqual([['source', 'missing.tcl not found']]);
  });

  it('never executes the script: exec and file deletion are only listed', () => {
    const p = read('exec rm -rf /\nfile delete -force /tmp/x\nset_top t');
    expect(p.ignoredCommands.map((c) => c.name)).toEqual(['exec', 'file']);
    expect(p.top).toBe('t');
  });

  it('stops at exit', () => {
    const p = read('set_top a\nexit\nset_top b');
    expect(p.top).toBe('a');
  });

  it('expands glob against the script directory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tcl-glob-'));
    mkdirSync(path.join(dir, 'src'));
    for (const f of ['b.cpp', 'a.cpp', 'x.h']) writeFileSync(path.join(dir, 'src', f), '');
    const p = interpretTcl('add_files [glob src/*.cpp]', path.join(dir, 'run.tcl'));
    expect(p.designFiles.map((f) => f.as)).toEqual(['src/a.cpp', 'src/b.cpp']);
  });

  it('reads config_csim -argv and csim_design -clean/-ldflags', () => {
    const p = read('config_csim -argv "1 2"\ncsim_design -clean -ldflags {-lz -L/opt}');
    expect(p.csim.argv).toEqual(['1', '2']);
    expect(p.csim.clean).toBe(true);
    expect(p.csim.ldflags).toEqual(['-lz', '-L/opt']);
  });
});
