/**
 * runReference: the core call behind `fpga-workbench reference`. Imports a model, runs the float
 * reference executor on inputs read from ONNX TensorProto files and writes each output as a TensorProto
 * `.pb` named after the output (the layout of the ONNX test data sets), atomically.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Tensor } from './ir';
import { fileError, inputError } from '../core/errors';
import { writeFileAtomic } from '../core/atomic-write';
import { importOnnx } from './onnx-import';
import { runPasses } from './passes';
import { execute } from './execute';
import { readTensorProto, writeTensorProto } from './tensor-proto';

export interface ReferenceRequest {
  model: string;
  /** Input files: by graph input name, or (key `#0`, `#1`, …) by position. */
  inputs: Record<string, string>;
  outDir: string;
  /** Extra dynamic-dim values; dims of the given inputs are used automatically. */
  dims?: Record<string, number>;
}

export interface ReferenceOutput { name: string; file: string; dtype: string; dims: number[] }
export interface ReferenceResult {
  outputs: ReferenceOutput[];
  timings: { importMs: number; passesMs: number; executeMs: number };
  warnings: string[];
}

/** A file name for a tensor name: safe characters only, never empty, '.' or '..'. */
export function sanitizeFileName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, (m) => '_'.repeat(m.length));
  if (!s) s = 'output';
  return s.slice(0, 200);
}

export async function runReference(req: ReferenceRequest): Promise<ReferenceResult> {
  // Read the inputs first: their shapes fix the model's dynamic dims.
  const given: Array<{ key: string; tensor: Tensor; file: string }> = [];
  for (const [key, file] of Object.entries(req.inputs)) {
    let buf: Buffer;
    try { buf = await fsp.readFile(file); } catch (err) { throw fileError(`cannot read input tensor file (${(err as Error).message})`, { file }, err); }
    given.push({ key, tensor: readTensorProto(buf, file), file });
  }
  const t0 = performance.now();
  // The given tensors' shapes fix the model's dynamic dims (by name, or by position for bare files).
  const dimOverrides: Record<string, number> = { ...req.dims };
  for (const g of given) {
    const pos = /^#(\d+)$/.exec(g.key);
    g.tensor.dims.forEach((d, axis) => { dimOverrides[pos ? `#${pos[1]}:${axis}` : `${g.key}:${axis}`] = d; });
  }
  const graph0 = await importOnnx(req.model, { dimOverrides });
  const byName = new Map<string, { tensor: Tensor; file: string }>();
  for (const g of given) {
    let name = g.key;
    const pos = /^#(\d+)$/.exec(g.key);
    if (pos) {
      name = graph0.inputs[Number(pos[1])]?.name;
      if (!name) throw inputError(`more input files than the model's ${graph0.inputs.length} input(s)`, { file: g.file });
    }
    if (byName.has(name)) throw inputError(`input '${name}' given twice`, { file: g.file });
    byName.set(name, { tensor: { ...g.tensor, name }, file: g.file });
  }
  const t1 = performance.now();
  const graph = runPasses(graph0);
  const t2 = performance.now();
  for (const inp of graph.inputs) if (!byName.has(inp.name)) throw inputError(`no --input given for model input '${inp.name}' (inputs: ${graph.inputs.map((i) => i.name).join(', ')})`, { file: req.model });
  for (const name of byName.keys()) if (!graph.inputs.some((i) => i.name === name)) throw inputError(`the model has no input '${name}' (inputs: ${graph.inputs.map((i) => i.name).join(', ')})`, { file: req.model });
  const out = execute(graph, new Map([...byName].map(([k, v]) => [k, v.tensor])));
  const t3 = performance.now();

  const used = new Set<string>();
  const outputs: ReferenceOutput[] = [];
  for (const [name, t] of out) {
    let base = sanitizeFileName(name);
    for (let k = 1; used.has(base.toLowerCase()); k++) base = `${sanitizeFileName(name)}_${k}`;
    used.add(base.toLowerCase());
    const file = path.join(req.outDir, `${base}.pb`);
    await writeFileAtomic(file, writeTensorProto({ ...t, name }));
    outputs.push({ name, file, dtype: t.dtype, dims: t.dims });
  }
  return { outputs, timings: { importMs: t1 - t0, passesMs: t2 - t1, executeMs: t3 - t2 }, warnings: graph.warnings };
}
