/**
 * Compare a generated project's csim outputs with the float reference: per tensor max and mean
 * absolute error and cosine similarity, pass when the cosine reaches the tolerance the precision
 * implies (stored in the project's workbench-project.json at generation time).
 *
 * Importing this module registers the comparator with csim-project.ts, so `csimProject(dir)` (and the
 * `csim` CLI) report per-tensor errors for any directory holding that marker.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError, fileError } from '../core/errors';
import { registerCsimComparator } from './comparators';
import { csimProject, type CsimOptions, type CsimResult, type TensorComparison } from './csim-project';
import type { HlsProject } from './project';
import { MARKER, type ProjectManifest } from '../codegen/generate';

export interface TensorStats { maxAbsError: number; meanAbsError: number; cosine: number; count: number }

export function tensorStats(actual: ArrayLike<number>, expected: ArrayLike<number>): TensorStats {
  if (actual.length !== expected.length) throw new WorkbenchError('E_MODEL', `output has ${actual.length} values, the reference ${expected.length}`);
  let dot = 0, na = 0, nb = 0, maxe = 0, sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], b = expected[i];
    const e = Math.abs(a - b);
    dot += a * b; na += a * a; nb += b * b; sum += e;
    if (e > maxe || Number.isNaN(e)) maxe = Number.isNaN(e) ? Infinity : e;
  }
  const cosine = na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : na === nb ? 1 : 0;
  return { maxAbsError: maxe, meanAbsError: actual.length ? sum / actual.length : 0, cosine, count: actual.length };
}

export function readFloat32(file: string): Float32Array {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    throw fileError('cannot read', { file }, err);
  }
  if (buf.length % 4) throw fileError(`length ${buf.length} is not a multiple of 4 (float32)`, { file });
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(4 * i);
  return out;
}

export function readManifest(dir: string): ProjectManifest | undefined {
  const f = path.join(dir, MARKER);
  if (!existsSync(f)) return undefined;
  let m: ProjectManifest;
  try {
    m = JSON.parse(readFileSync(f, 'utf8')) as ProjectManifest;
  } catch (err) {
    throw fileError('not valid JSON', { file: f }, err);
  }
  if (m.generator !== 'fpga-workbench' || !Array.isArray(m.outputs)) throw fileError('not a workbench project marker', { file: f });
  return m;
}

/** Compare every output the manifest lists (outputs from runDir, golden files from the project). */
export function compareOutputs(projectDir: string, runDir: string, manifest: ProjectManifest): TensorComparison[] {
  const res: TensorComparison[] = [];
  for (const o of manifest.outputs) {
    const goldenFile = path.join(projectDir, o.golden ?? 'data/golden_0.bin');
    if (!existsSync(goldenFile)) continue; // generated without a reference: the run alone decides
    const s = tensorStats(readFloat32(path.join(runDir, o.file)), readFloat32(goldenFile));
    res.push({ tensor: o.tensor, maxAbsError: s.maxAbsError, meanAbsError: s.meanAbsError, cosine: s.cosine, tolerance: manifest.tolerance.cosine, pass: s.cosine >= manifest.tolerance.cosine });
  }
  return res;
}

registerCsimComparator((project: HlsProject) => {
  const manifest = readManifest(project.dir);
  if (!manifest) return undefined;
  return { compare: async ({ runDir }) => compareOutputs(project.dir, runDir, manifest) };
});

/** Is PATH (a directory or its run_hls.tcl) a workbench-generated project? */
export function isGeneratedProject(target: string): boolean {
  const abs = path.resolve(target);
  const dir = existsSync(abs) && !abs.endsWith('.tcl') ? abs : path.dirname(abs);
  return existsSync(path.join(dir, MARKER));
}

/**
 * C-simulate a generated project and compare with the reference. The testbench runs without --strict,
 * so a mismatch still ends in a per-tensor comparison (pass false) rather than a bare exit code.
 */
export function csimGenerated(target: string, opts: CsimOptions = {}): Promise<CsimResult> {
  return csimProject(target, { ...opts, argv: opts.argv ?? ['data', 'out'] });
}
