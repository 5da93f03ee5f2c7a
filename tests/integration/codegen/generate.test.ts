/**
 * The generated project: deterministic bytes, the files and TCL Vitis needs, atomic replacement,
 * hostile model names that still compile and pass csim, compile errors reported with file:line.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomModel } from './random-model';
import { archToGraph } from '../../../src-main/graph/arch-graph';
import { parseArchSpec } from '../../../src-main/graph/arch-spec';
import { recognise } from '../../../src-main/graph/recognise';
import { tmpDir } from '../../helpers/tmp';
import { loadBoard } from '../../../src-main/boards/registry';
import { planFromStructure } from '../../../src-main/plan/from-graph';
import { parsePrecision } from '../../../src-main/plan/precision';
import { generateFiles, generateProject, MARKER } from '../../../src-main/codegen/generate';
import { generateFromModel } from '../../../src-main/codegen/from-model';
import { writeProjectDir } from '../../../src-main/codegen/write-project';
import { readProjectFiles } from '../../../src-main/codegen/project-files';
import { readTclProject } from '../../../src-main/csim/hls-tcl';
import '../../../src-main/csim/compare';
import { csimProject } from '../../../src-main/csim/csim-project';
import { csimGenerated } from '../../../src-main/csim/compare';

const SPEC = 'vit:img=32,patch=8,dim=32,depth=2,heads=2,mlp=2,classes=10';
const board = loadBoard('zcu102');

const bytes = (d: string | Uint8Array): Buffer => (typeof d === 'string' ? Buffer.from(d) : Buffer.from(d));

describe('generateFiles', () => {
  it('gives the same bytes for the same plan and weights, different TCL for a different clock', () => {
    const m = randomModel(SPEC, 3);
    const plan = planFromStructure(m.structure, { board });
    const a = generateFiles({ ...m, plan, board });
    const b = generateFiles({ ...randomModel(SPEC, 3), plan: planFromStructure(randomModel(SPEC, 3).structure, { board }), board });
    expect(a.files.map((f) => f.path)).toEqual(b.files.map((f) => f.path));
    a.files.forEach((f, i) => expect(bytes(f.data).equals(bytes(b.files[i].data)), f.path).toBe(true));
    const c = generateFiles({ ...m, plan: planFromStructure(m.structure, { board, clockMHz: 200 }), board });
    const tcl = (g: typeof a) => String(g.files.find((f) => f.path === 'run_hls.tcl')!.data);
    expect(tcl(c)).not.toBe(tcl(a));
    expect(tcl(c)).toContain('create_clock -period 5.000');
  });

  it('refuses a model without weights (an architecture spec) before any slow step', () => {
    const graph = archToGraph(parseArchSpec(SPEC));
    const structure = recognise(graph);
    expect(() => generateFiles({ graph, structure, plan: planFromStructure(structure, { board }), board })).toThrow(/weights of .* are absent/);
  });

  it('says so when the plan asks for per-kernel activation types it does not generate', () => {
    const m = randomModel(SPEC, 3);
    const plan = planFromStructure(m.structure, { board, precision: parsePrecision('blocks.0.attn=12.4') });
    const g = generateFiles({ ...m, plan, board });
    expect(g.manifest.warnings.join('\n')).toMatch(/per-kernel activation types are not generated.*blocks_0_attn/);
    expect(generateFiles({ ...m, plan: planFromStructure(m.structure, { board }), board }).manifest.warnings).toEqual([]);
  });

  it('writes a project Vitis HLS can run: top, sources, testbench + data, part, clock, flow target, steps by FWB_STEPS', async () => {
    const { dir, cleanup } = tmpDir('fwb-gen-');
    try {
      const m = randomModel(SPEC, 4);
      const plan = planFromStructure(m.structure, { board });
      await generateProject(dir, { ...m, plan, board });
      const tcl = readFileSync(path.join(dir, 'run_hls.tcl'), 'utf8');
      expect(tcl).toMatch(/open_solution \{\*\}\$fwb_reset solution1 -flow_target vivado/);
      expect(tcl).toContain(`set_part ${board.part}`);
      expect(tcl).toContain('create_clock -period 3.333');
      for (const step of ['csim_design', 'csynth_design', 'cosim_design', 'export_design']) expect(tcl).toContain(step);
      expect(tcl).toContain('FWB_STEPS');
      const p = readTclProject(path.join(dir, 'run_hls.tcl'), { env: {} });
      expect(p.top).toBe('fwb_top');
      expect(p.part).toBe(board.part);
      expect(p.designFiles.map((f) => f.as)).toEqual(['src/top.cpp']);
      expect(p.tbFiles.map((f) => f.as).sort()).toEqual(['data', 'tb/tb.cpp']);
      const top = readFileSync(path.join(dir, 'src', 'top.cpp'), 'utf8');
      expect(top).toMatch(/#pragma HLS INTERFACE m_axi port = wmem0 offset = slave/);
      expect(top).toMatch(/#pragma HLS INTERFACE s_axilite port = return/);
      // one linear unit for every linear layer (patch embedding, 2 blocks x 4, head = 10 calls);
      // its structure is asserted in linear-unit.test.ts
      expect(top.match(/^ {2}linear_unit\(/gm)?.length).toBe(1 + 2 * 4 + 1);
      expect(top).toContain('#pragma HLS ALLOCATION function instances = linear_unit limit = 1');
      expect(top.match(/^ {2}unit_attention_0\(/gm)?.length).toBe(2);
      expect(readFileSync(path.join(dir, 'run_vivado.tcl'), 'utf8')).toContain('zynq_ultra_ps_e');
      const manifest = JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
      expect(manifest.tolerance.cosine).toBe(0.999);
      // weights are binary files, not headers: the params header stays small
      expect(readFileSync(path.join(dir, 'src', 'params.h')).length).toBeLessThan(20_000);
      for (const w of manifest.weights) expect(readFileSync(path.join(dir, w.file)).length).toBe(w.count * 2);
    } finally {
      cleanup();
    }
  });
});

describe('writeProjectDir', () => {
  it('replaces the whole directory, and leaves the old one intact when a write fails', async () => {
    const { dir, cleanup } = tmpDir('fwb-w-');
    try {
      const target = path.join(dir, 'p');
      await writeProjectDir(target, [{ path: 'a.txt', data: 'one' }, { path: 'stale.txt', data: 'x' }]);
      await writeProjectDir(target, [{ path: 'a.txt', data: 'two' }]);
      expect(readFileSync(path.join(target, 'a.txt'), 'utf8')).toBe('two');
      expect(existsSync(path.join(target, 'stale.txt'))).toBe(false);
      await expect(writeProjectDir(target, [{ path: 'a.txt', data: 'three' }, { path: '../escape.txt', data: 'no' }])).rejects.toThrow(/escapes/);
      expect(readFileSync(path.join(target, 'a.txt'), 'utf8')).toBe('two');
      expect(existsSync(path.join(dir, 'escape.txt'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

describe('hostile names', () => {
  it('compile and pass csim when layers, weights and the model carry quotes, spaces, ;, $, [, ../, non-ASCII, keywords and collisions', async () => {
    const { dir, cleanup } = tmpDir('fwb-hostile-');
    try {
      const m = randomModel(SPEC, 5);
      m.graph.name = 'evil "model"; $x [exec rm] ../../ünï';
      m.structure.name = m.graph.name;
      const names = ['int', '../../etc/passwd', 'a b;c', '$HOME[0]', '名前', 'class', '1st', 'a.b', 'a_b', '"quoted"', '{brace}', '*/ end', 'main', 'new\nline', 'x\\y'];
      m.structure.layers.forEach((l, i) => { l.name = names[i % names.length]; });
      const plan = planFromStructure(m.structure, { board });
      const out = path.join(dir, 'out dir ;$[x]');
      const g = await generateFromModel(m.graph, m.structure, out, { board, plan });
      const tcl = readFileSync(path.join(out, 'run_hls.tcl'), 'utf8');
      expect(tcl).not.toMatch(/exec rm/);
      expect(g.manifest.project).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      const r = await csimProject(out, { buildDir: path.join(dir, 'build') });
      expect(r.errors).toEqual([]);
      expect(r.pass).toBe(true);
      expect(r.comparisons?.[0].cosine).toBeGreaterThanOrEqual(0.999);
    } finally {
      cleanup();
    }
  }, 120_000);
});

describe('csim of a generated project', () => {
  it('reports compile errors with file and line, and fails the comparison on wrong outputs', async () => {
    const { dir, cleanup } = tmpDir('fwb-err-');
    try {
      const m = randomModel(SPEC, 6);
      const out = path.join(dir, 'p');
      await generateFromModel(m.graph, m.structure, out, { board });
      const top = path.join(out, 'src', 'top.cpp');
      const good = readFileSync(top, 'utf8');
      const lines = good.split('\n');
      const at = lines.findIndex((l) => l.includes('fwb::residual_add'));
      lines[at] = '  this_is_not_declared(X);';
      writeFileSync(top, lines.join('\n'));
      const bad = await csimProject(out, { buildDir: path.join(dir, 'build') });
      expect(bad.pass).toBe(false);
      expect(bad.stage).toBe('build');
      expect(bad.errors.some((e) => e.file?.endsWith(path.join('src', 'top.cpp')) && e.line === at + 1)).toBe(true);
      // skip one residual add: it compiles and runs, and the comparison must catch it
      lines[at] = '  // residual removed';
      writeFileSync(top, lines.join('\n'));
      const wrong = await csimGenerated(out, { buildDir: path.join(dir, 'build') });
      expect(wrong.pass).toBe(false);
      expect(wrong.comparisons?.[0].pass).toBe(false);
      expect(wrong.comparisons?.[0].cosine).toBeLessThan(0.999);
    } finally {
      cleanup();
    }
  }, 120_000);
});

describe('readProjectFiles', () => {
  it('lists what the generator wrote, with text and language for sources and scripts only', async () => {
    const { dir, cleanup } = tmpDir('fwb-files-');
    try {
      const m = randomModel(SPEC, 8);
      await generateProject(dir, { ...m, plan: planFromStructure(m.structure, { board }), board });
      const { files } = readProjectFiles(dir);
      const top = files.find((f) => f.path === 'src/top.cpp')!;
      expect(top.language).toBe('cpp');
      expect(top.text).toContain('void fwb_top(');
      expect(files.find((f) => f.path === 'run_hls.tcl')!.language).toBe('tcl');
      const data = files.filter((f) => f.kind === 'data');
      expect(data.length).toBeGreaterThanOrEqual(2);
      for (const d of data) expect(d.text).toBeUndefined();
      expect(files.some((f) => f.path === 'src/linear.h' && f.kind === 'header')).toBe(true);
    } finally {
      cleanup();
    }
  });
});
