/**
 * importModel: the one core call behind `fpga-workbench import`, the API and the Model view. Takes an
 * ONNX file or an architecture spec / preset and returns the Graph IR and its recognised structure.
 */
import { existsSync } from 'node:fs';
import type { Graph, ModelStructure } from './ir';
import { inputError } from '../core/errors';
import type { ArchSpec } from './arch-spec';
import { parseArchSpec, presetSpec, PRESETS } from './arch-spec';
import { archToGraph } from './arch-graph';
import { recognise } from './recognise';
import { importOnnx } from './onnx-import';
import { runPasses } from './passes';

export interface ImportRequest {
  /** An ONNX file path. */
  file?: string;
  /** `vit:…` spec, or `PRESET[:overrides]`. */
  arch?: string;
  preset?: string;
  /** Values for dynamic input dims (dim_param name or `input:axis`); batch defaults to 1. */
  dims?: Record<string, number>;
}

export interface ImportedModel {
  graph: Graph;
  structure: ModelStructure;
  /** Set when built from a spec. */
  spec?: ArchSpec;
  /** Milliseconds spent reading + decoding, in graph passes, and recognising. */
  timings: { importMs: number; passesMs: number; recogniseMs: number };
}

/** Is this string an architecture spec or preset rather than a file path? */
export function looksLikeArch(s: string): boolean {
  if (existsSync(s)) return false;
  const head = s.split(':')[0].trim().toLowerCase();
  return head === 'vit' || head in PRESETS || (!s.includes('/') && !s.includes('\\') && s.includes('='));
}

export async function importModel(req: string | ImportRequest): Promise<ImportedModel> {
  const r: ImportRequest = typeof req === 'string' ? (looksLikeArch(req) ? { arch: req } : { file: req }) : req;
  const given = [r.file, r.arch, r.preset].filter((x) => x !== undefined).length;
  if (given !== 1) throw inputError('give exactly one of: a model file, --arch SPEC, --preset NAME', { field: 'model' });
  const t0 = performance.now();
  if (r.file !== undefined) {
    const raw = await importOnnx(r.file, { dimOverrides: r.dims });
    const t1 = performance.now();
    const graph = runPasses(raw);
    const t2 = performance.now();
    const structure = recognise(graph);
    const t3 = performance.now();
    return { graph, structure, timings: { importMs: t1 - t0, passesMs: t2 - t1, recogniseMs: t3 - t2 } };
  }
  const spec = r.preset !== undefined ? presetSpec(r.preset) : parseArchSpec(r.arch!);
  const graph = archToGraph(spec);
  const t1 = performance.now();
  const structure = recognise(graph);
  return { graph, structure, spec, timings: { importMs: t1 - t0, passesMs: 0, recogniseMs: performance.now() - t1 } };
}
