/**
 * Plan + model → the complete Vitis HLS project, as a list of files (pure, deterministic: the same
 * plan and weights give the same bytes), and `generateProject` which writes it atomically.
 *
 * Layout:  run_hls.tcl, run_vivado.tcl, workbench-project.json (marker + manifest),
 *          src/ (top.cpp, top.h, params.h, the hls/ kernel headers), tb/tb.cpp,
 *          data/ (weights_<g>.bin, input_0.bin, golden_0.bin when a reference is given).
 */
import { GENERATED_PROJECT_MARKER } from '../core/project-marker';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { BoardSpec } from '../boards/board-spec';
import type { Graph, ModelStructure } from '../graph/ir';
import { numel } from '../graph/ir';
import type { Plan } from '../plan/plan';
import { fixedName } from '../plan/plan';
import { buildCodegenModel, type CodegenModel } from './model-view';
import { layoutWeights, packWeights } from './emit-weights';
import { TypeTable } from './ctypes';
import { emitTopHeader, emitTopSource, TOP_NAME } from './emit-top';
import { placementWarnings, planLinearUnit, unifyLinearStorage } from './linear-unit';
import { emitParams } from './emit-params';
import { emitTestbench } from './emit-testbench';
import { emitRunHls, emitRunVivado } from './emit-tcl';
import { cppIdent } from './sanitize';
import { quantize, ACT_MODE } from './quantize';
import { mulberry32 } from '../core/rng';
import { toleranceFor } from './tolerance';
import { writeProjectDir, type ProjectFile } from './write-project';
import { repoRoot } from '../core/app-dirs';

export const MARKER = GENERATED_PROJECT_MARKER;

/** Kernel library files copied into every project (src/). */
export const KERNEL_HEADERS = ['gelu_table.h', 'softmax_exp.h', 'gelu.h', 'linear.h', 'layernorm.h', 'attention.h', 'patch_embed.h', 'moe.h', 'residual.h'];

export interface GenerateInput {
  graph: Graph;
  structure: ModelStructure;
  plan: Plan;
  board?: BoardSpec;
  /** Input image (float32, the model input's shape). Default: deterministic pseudo-random pixels. */
  input?: Float32Array;
  /** Reference output for that input (float32), written as data/golden_0.bin. */
  golden?: Float32Array;
}

export interface ProjectManifest {
  generator: 'fpga-workbench';
  version: 1;
  top: string;
  project: string;
  model: Plan['model'];
  board: string;
  part: string;
  clockMHz: number;
  planHash: string;
  precision: Record<string, string>;
  tolerance: { cosine: number };
  input: { tensor: string; shape: number[]; file: string; dtype: 'float32' };
  outputs: Array<{ tensor: string; shape: number[]; file: string; golden?: string; dtype: 'float32' }>;
  weights: Array<{ file: string; type: string; count: number; tensors: Array<{ name: string; offset: number; count: number; sources: string[] }> }>;
  notes: string[];
  warnings: string[];
  files: Array<{ path: string; bytes: number; sha256: string }>;
}

export interface GeneratedProject { files: ProjectFile[]; manifest: ProjectManifest; model: CodegenModel }

export function hlsLibDir(): string {
  const dir = path.join(repoRoot(), 'hls');
  if (!existsSync(path.join(dir, 'linear.h'))) throw new Error(`cannot find the hls/ kernel library beside the sources (looked in ${dir})`);
  return dir;
}

/** Deterministic pixels in [0, 1) on the pixel type's grid (mulberry32 seeded by the plan). */
export function defaultInput(count: number, seedText: string, pixel = { w: 8, i: 0, signed: false }): Float32Array {
  const r = mulberry32(parseInt(createHash('sha256').update(seedText).digest('hex').slice(0, 8), 16));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = quantize(r(), pixel, ACT_MODE);
  return out;
}

const f32bytes = (a: Float32Array): Uint8Array => {
  const b = new Uint8Array(a.length * 4);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat32(4 * i, a[i], true);
  return b;
};

export function generateFiles(inp: GenerateInput): GeneratedProject {
  const { plan } = inp;
  const notes: string[] = [];
  const view = buildCodegenModel(inp.graph, inp.structure, plan);
  const unit = planLinearUnit(view, plan, notes);
  const model = unifyLinearStorage(view, unit);
  const layout = layoutWeights(model);
  const types = new TypeTable();
  const warnings = [...model.warnings, ...placementWarnings(model, plan)];
  const ctx = { model, plan, layout, types, unit, notes, warnings };
  const topCpp = emitTopSource(ctx);
  const topH = emitTopHeader(ctx);
  const params = emitParams(model, layout, types);
  const tol = toleranceFor(plan.precision);
  const projectName = `fwb_${cppIdent(model.name, undefined, 'model').slice(0, 40)}`;
  const lib = hlsLibDir();
  const files: ProjectFile[] = [];
  const designFiles = ['src/top.cpp'];
  const tbFiles = ['tb/tb.cpp', 'data'];
  files.push({ path: 'src/top.cpp', data: topCpp }, { path: 'src/top.h', data: topH }, { path: 'src/params.h', data: params });
  for (const h of KERNEL_HEADERS) files.push({ path: `src/${h}`, data: readFileSync(path.join(lib, h), 'utf8') });
  files.push({ path: 'tb/tb.cpp', data: emitTestbench(layout, tol.cosine).replace('#include "top.h"', '#include "../src/top.h"') });
  files.push({ path: 'run_hls.tcl', data: emitRunHls({ projectName, plan, board: inp.board, designFiles, tbFiles }) });
  files.push({ path: 'run_vivado.tcl', data: emitRunVivado({ projectName, plan, board: inp.board, designFiles, tbFiles }) });
  for (const [f, bytes] of packWeights(model, layout)) files.push({ path: f, data: bytes });
  const inCount = numel(model.input.shape);
  const input = inp.input ?? defaultInput(inCount, `${plan.model.hash}:${model.input.name}`, model.types.pixel);
  if (input.length !== inCount) throw new Error(`input has ${input.length} values, the model takes ${inCount}`);
  files.push({ path: 'data/input_0.bin', data: f32bytes(input) });
  if (inp.golden) {
    if (inp.golden.length !== numel(model.output.shape)) throw new Error(`golden output has ${inp.golden.length} values, the model gives ${numel(model.output.shape)}`);
    files.push({ path: 'data/golden_0.bin', data: f32bytes(inp.golden) });
  }
  const p = plan.precision;
  const manifest: ProjectManifest = {
    generator: 'fpga-workbench',
    version: 1,
    top: TOP_NAME,
    project: projectName,
    model: plan.model,
    board: plan.board,
    part: plan.part,
    clockMHz: plan.clockMHz,
    planHash: createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16),
    precision: { activation: fixedName(p.activation), weight: fixedName(p.weight), bias: fixedName(p.bias), norm: fixedName(p.norm), softmax: fixedName(p.softmax), accumulator: fixedName(p.accumulator), pixel: fixedName(model.types.pixel) },
    tolerance: tol,
    input: { tensor: model.input.name, shape: model.input.shape, file: 'data/input_0.bin', dtype: 'float32' },
    outputs: [{ tensor: model.output.name, shape: model.output.shape, file: 'out/output_0.bin', ...(inp.golden ? { golden: 'data/golden_0.bin' } : {}), dtype: 'float32' }],
    weights: layout.groups.map((g) => ({ file: g.file, type: fixedName(g.type), count: g.count, tensors: g.tensors.map((t) => ({ name: t.name, offset: t.offset, count: t.count, sources: t.sources })) })),
    notes: [...new Set(notes)],
    warnings: [...new Set(warnings)],
    files: files.map((f) => {
      const b = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
      return { path: f.path, bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') };
    }),
  };
  files.push({ path: MARKER, data: JSON.stringify(manifest, null, 2) + '\n' });
  return { files, manifest, model };
}

export async function generateProject(dir: string, inp: GenerateInput): Promise<GeneratedProject> {
  const g = generateFiles(inp);
  await writeProjectDir(dir, g.files);
  return g;
}
