/**
 * Builds tests/integration/hls-kernels/kernels_driver.cpp once (cached by the hash of it and every
 * header it can include) and runs one kernel on float64 inputs. Also: small reference graphs run by
 * the float32 reference executor, and error metrics.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths';
import { GraphBuilder } from '../../../src-main/graph/graph-builder';
import { execute } from '../../../src-main/graph/execute';
import type { Tensor } from '../../../src-main/graph/ir';
import type { FixedType } from '../../../src-main/plan/plan';
import { quantize, type QuantMode } from '../../../src-main/codegen/quantize';

const here = path.join(repoRoot, 'tests', 'integration', 'hls-kernels');
const hlsDir = path.join(repoRoot, 'hls');
const simDir = path.join(repoRoot, 'hls', 'sim');

function sourcesHash(): string {
  const h = createHash('sha256');
  h.update(readFileSync(path.join(here, 'kernels_driver.cpp')));
  for (const d of [hlsDir, simDir]) for (const f of readdirSync(d).filter((x) => x.endsWith('.h')).sort()) h.update(f).update(readFileSync(path.join(d, f)));
  return h.digest('hex').slice(0, 16);
}

let exe: string | undefined;

/** Compile the driver (about 20 s the first time; cached across runs by content). */
export function buildDriver(): string {
  if (exe) return exe;
  const dir = path.join(os.tmpdir(), `fwb-kernels-${sourcesHash()}`);
  const out = path.join(dir, 'kernels_driver');
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    const r = spawnSync('nice', ['g++', '-O1', '-std=c++14', '-I', simDir, '-I', hlsDir, path.join(here, 'kernels_driver.cpp'), '-o', tmp], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`kernel driver does not compile:\n${r.stderr.slice(0, 4000)}`);
    renameSync(tmp, out);
  }
  exe = out;
  return out;
}

export function runKernel(kernel: string, inputs: Record<string, ArrayLike<number>>): Float64Array {
  const dir = mkdtempSync(path.join(os.tmpdir(), `fwb-k-${kernel}-`));
  try {
    for (const [name, v] of Object.entries(inputs)) writeFileSync(path.join(dir, `${name}.f64`), Buffer.from(Float64Array.from(v as ArrayLike<number>).buffer));
    const r = spawnSync(buildDriver(), [kernel, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`kernel ${kernel} failed (${r.status}): ${r.stderr}`);
    const b = readFileSync(path.join(dir, 'out.f64'));
    return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const fx = (w: number, i: number, signed = true): FixedType => ({ w, i, signed });
/** The driver's types (kernels_driver.cpp). */
export const T = { act: fx(16, 6), w: fx(16, 2), b: fx(16, 5), sm: fx(16, 2), pix: fx(8, 0, false) };
export const RND: QuantMode = { rounding: 'rnd', overflow: 'sat' };
export const CONV: QuantMode = { rounding: 'rnd_conv', overflow: 'sat' };
export const lsb = (t: FixedType): number => 2 ** -(t.w - t.i);


/** n values uniform in [lo, hi), already on type t's grid (so kernel and reference see the same inputs). */
export function qrand(r: () => number, n: number, lo: number, hi: number, t: FixedType, mode: QuantMode = CONV): Float64Array {
  return Float64Array.from({ length: n }, () => quantize(lo + (hi - lo) * r(), t, mode));
}

export function metrics(actual: ArrayLike<number>, expected: ArrayLike<number>): { maxAbs: number; cosine: number } {
  let dot = 0, na = 0, nb = 0, maxAbs = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], b = expected[i];
    dot += a * b; na += a * a; nb += b * b;
    maxAbs = Math.max(maxAbs, Math.abs(a - b));
  }
  if (actual.length !== expected.length) maxAbs = Infinity;
  return { maxAbs, cosine: na && nb ? dot / Math.sqrt(na * nb) : na === nb ? 1 : 0 };
}

export function report(kernel: string, m: { maxAbs: number; cosine: number }, unit: FixedType): void {
  console.log(`[hls-kernel] ${kernel}: max abs error ${m.maxAbs.toExponential(3)} (${(m.maxAbs / lsb(unit)).toFixed(2)} LSB), cosine ${m.cosine.toFixed(7)}`);
}

/** Run a one-off graph on the reference executor. */
export function refGraph(build: (g: GraphBuilder) => string, inputs: Record<string, { dims: number[]; data: ArrayLike<number> }>): Float32Array {
  const g = new GraphBuilder('ref');
  for (const [n, v] of Object.entries(inputs)) g.input(n, 'float32', v.dims);
  g.output(build(g));
  const graph = g.build({ arch: 'test' });
  const m = new Map<string, Tensor>();
  for (const [n, v] of Object.entries(inputs)) m.set(n, { name: n, dtype: 'float32', dims: v.dims, data: Float32Array.from(v.data) });
  const out = execute(graph, m).get(graph.outputs[0].name)!;
  return out.data as Float32Array;
}

/** Exact GELU (erf form) as exporters write it, as nodes. */
export function geluNodes(g: GraphBuilder, x: string, shape: number[], p: string): string {
  const d = g.op('Div', `${p}/Div`, [x, g.f32(`${p}/sqrt2`, [Math.SQRT2])], shape);
  const e = g.op('Erf', `${p}/Erf`, [d], shape);
  const a = g.op('Add', `${p}/Add`, [e, g.f32(`${p}/one`, [1])], shape);
  const m = g.op('Mul', `${p}/Mul`, [x, a], shape);
  return g.op('Mul', `${p}/Mul_1`, [m, g.f32(`${p}/half`, [0.5])], shape);
}
