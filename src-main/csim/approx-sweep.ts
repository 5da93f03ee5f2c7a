/**
 * Error of the hardware softmax exponent and GELU over their input ranges at a given precision, by a
 * small C++ program (hls/tb/approx_sweep.cpp) compiled against hls/sim with the plan's types: the
 * Kernels view's error charts and the bench's "max error in LSBs" both come from here.
 * Errors are against double-precision libm exp / erf; LSB = 2^-(W-I) of the output type.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import type { FixedType, PrecisionPlan } from '../plan/plan';
import { hlsLibDir } from '../codegen/generate';
import type { ApproxCurve } from './approx-types';

export type { ApproxCurve } from './approx-types';


export interface ApproxOptions { points?: number; chartPoints?: number; expRange?: number; geluSpan?: number; signal?: AbortSignal }

function sources(): string[] {
  const lib = hlsLibDir();
  return [path.join(lib, 'tb', 'approx_sweep.cpp'), ...['softmax_exp.h', 'gelu.h', 'gelu_table.h'].map((f) => path.join(lib, f)), ...readdirSync(path.join(lib, 'sim')).filter((f) => f.endsWith('.h')).sort().map((f) => path.join(lib, 'sim', f))];
}

function run(cmd: string, args: string[], signal?: AbortSignal): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { signal });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => reject((e as Error).name === 'AbortError' ? new WorkbenchError('E_CANCELLED', 'approximation sweep cancelled') : e));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

/** Build (cached by sources + types) and run the sweep; curves for softmax exp (softmax type) and GELU (activation type). */
export async function approxErrorCurves(precision: Pick<PrecisionPlan, 'softmax' | 'activation'>, opts: ApproxOptions = {}): Promise<ApproxCurve[]> {
  const sm = precision.softmax;
  const act = precision.activation;
  const defs = [`-DFWB_SM_W=${sm.w}`, `-DFWB_SM_I=${sm.i}`, `-DFWB_SM_S=${sm.signed ? 1 : 0}`, `-DFWB_ACT_W=${act.w}`, `-DFWB_ACT_I=${act.i}`, `-DFWB_ACT_S=${act.signed ? 1 : 0}`];
  const h = createHash('sha256');
  for (const f of sources()) h.update(f).update(readFileSync(f));
  h.update(defs.join(' '));
  const dir = path.join(os.tmpdir(), 'fwb-approx-sweep');
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, `sweep-${h.digest('hex').slice(0, 16)}`);
  if (!existsSync(exe)) {
    const tmp = `${exe}.${process.pid}.tmp`;
    const lib = hlsLibDir();
    const r = await run('g++', ['-O1', '-std=c++14', '-I', path.join(lib, 'sim'), ...defs, path.join(lib, 'tb', 'approx_sweep.cpp'), '-o', tmp], opts.signal);
    if (r.code !== 0) throw new WorkbenchError('E_COMPILE', `approximation sweep does not compile:\n${r.err.slice(0, 2000)}`, { file: path.join(lib, 'tb', 'approx_sweep.cpp') });
    renameSync(tmp, exe);
  }
  const n = opts.points ?? 20001;
  const r = await run(exe, [String(n), String(opts.expRange ?? 16), String(opts.geluSpan ?? 8)], opts.signal);
  if (r.code !== 0) throw new WorkbenchError('E_TOOL', `approximation sweep failed: ${r.err.slice(0, 500)}`);
  const pts = { E: [] as number[][], G: [] as number[][] };
  for (const line of r.out.split('\n')) {
    const p = line.split(' ');
    if (p.length === 4 && (p[0] === 'E' || p[0] === 'G')) pts[p[0]].push([Number(p[1]), Number(p[2]), Number(p[3])]);
  }
  return [curve('softmax-exp', sm, pts.E, opts.chartPoints ?? 1000), curve('gelu', act, pts.G, opts.chartPoints ?? 1000)];
}

function curve(name: ApproxCurve['name'], t: FixedType, pts: number[][], chart: number): ApproxCurve {
  const lsb = 2 ** -(t.w - t.i);
  let max = 0;
  let sum = 0;
  let worstX = pts[0]?.[0] ?? 0;
  const errs = pts.map(([x, a, e]) => {
    const v = Math.abs(a - e) / lsb;
    sum += v;
    if (v > max) { max = v; worstX = x; }
    return v;
  });
  // Downsample keeping each bucket's worst point, so the chart shows the peaks.
  const c: ApproxCurve = { name, outputType: t, lsb, x: [], approx: [], exact: [], errorLsb: [], maxErrorLsb: max, meanErrorLsb: pts.length ? sum / pts.length : 0, worstX };
  const step = Math.max(1, Math.ceil(pts.length / chart));
  for (let i = 0; i < pts.length; i += step) {
    let k = i;
    for (let j = i; j < Math.min(pts.length, i + step); j++) if (errs[j] > errs[k]) k = j;
    c.x.push(pts[k][0]); c.approx.push(pts[k][1]); c.exact.push(pts[k][2]); c.errorLsb.push(errs[k]);
  }
  return c;
}
