/**
 * Compile an HlsProject's design and testbench sources with g++ against our hls/sim headers into a
 * private build directory, then link the C-simulation executable. Objects are reused when their
 * command line and every header they include are unchanged (g++ -MMD dependency files).
 */
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { writeJsonAtomic } from '../core/atomic-write';
import { parseGccDiagnostics, type CompileDiagnostic } from './gcc-diagnostics';
import { isCompiledSource, type HlsProject, type HlsSourceFile } from './project';
import { spawnLines } from './spawn-lines';
import { repoRoot } from '../core/app-dirs';

export type CsimEvent =
  | { type: 'phase'; phase: 'read' | 'build' | 'link' | 'run' | 'compare' | 'done' }
  | { type: 'compile'; file: string; index: number; total: number; reused: boolean }
  | { type: 'diagnostic'; diagnostic: CompileDiagnostic }
  | { type: 'output'; stream: 'stdout' | 'stderr'; line: string }
  | { type: 'info'; message: string };

export interface BuildOptions {
  /** Private build directory (created). */
  buildDir: string;
  /** -O0 -g instead of -O2. */
  debug?: boolean;
  /** Directory of our Vitis-compatible headers. Default: the repository's hls/sim. */
  hlsSimDir?: string;
  /** Compiler. Default: g++. */
  cxx?: string;
  /** Parallel compile jobs. Default: min(2, cores). */
  jobs?: number;
  /** Delete previous objects first. */
  clean?: boolean;
  /** Extra flags added to every compile (after the project's). */
  extraCflags?: string[];
  signal?: AbortSignal;
  timeoutMs?: number;
  onEvent?: (e: CsimEvent) => void;
}

export interface BuildResult {
  ok: boolean;
  exe?: string;
  /** Errors (and, separately, warnings) with file:line:col. */
  errors: CompileDiagnostic[];
  warnings: CompileDiagnostic[];
  /** Raw compiler output. */
  log: string;
  buildMs: number;
  compiled: number;
  reused: number;
  cancelled: boolean;
  /** The exact commands run (argument arrays), for the log and for reproducing. */
  commands: string[][];
}

/** The repository's hls/sim directory. */
export function defaultHlsSimDir(): string {
  return path.join(repoRoot(), 'hls', 'sim');
}

/** A build directory private to this project and mode, under the OS temp dir. */
export function defaultBuildDir(project: HlsProject, debug: boolean): string {
  const key = createHash('sha256').update(project.source ?? project.dir).update(debug ? 'debug' : 'opt').digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), 'fpga-workbench-csim', `${path.basename(project.dir).replace(/[^\w.-]/g, '_')}-${key}`);
}

interface Unit {
  src: HlsSourceFile;
  tb: boolean;
  args: string[];
  obj: string;
  dep: string;
}

export async function buildProject(project: HlsProject, opts: BuildOptions): Promise<BuildResult> {
  const t0 = performance.now();
  const emit = opts.onEvent ?? (() => {});
  const cxx = opts.cxx ?? 'g++';
  const hlsSim = opts.hlsSimDir ?? defaultHlsSimDir();
  const objDir = path.join(opts.buildDir, 'obj');
  if (opts.clean) await rm(objDir, { recursive: true, force: true });
  await mkdir(objDir, { recursive: true });
  emit({ type: 'phase', phase: 'build' });

  const result: BuildResult = { ok: false, errors: [], warnings: [], log: '', buildMs: 0, compiled: 0, reused: 0, cancelled: false, commands: [] };
  const mode = opts.debug ? ['-O0', '-g'] : ['-O2'];

  const units: Unit[] = [];
  const sources = [
    ...project.designFiles.map((src) => ({ src, tb: false })),
    ...project.tbFiles.map((src) => ({ src, tb: true })),
  ].filter(({ src }) => isCompiledSource(src.path));
  if (!sources.length) {
    result.errors.push({ severity: 'error', file: project.source ?? project.dir, message: 'the project adds no C/C++ source files' });
    result.buildMs = performance.now() - t0;
    return result;
  }
  const seenNames = new Set<string>();
  for (const { src, tb } of sources) {
    const user = [...(tb ? project.tbCflags : project.designCflags), ...src.cflags, ...src.csimflags, ...(opts.extraCflags ?? [])];
    // A .c file is C, as Vitis compiles it (g++ would otherwise read it as C++).
    const isC = /\.c$/.test(src.path);
    const std = [...(isC ? ['-x', 'c'] : []), ...(user.some((f) => f.startsWith('-std=')) ? [] : [isC ? '-std=gnu11' : '-std=c++14'])];
    // User include paths come first so a project that ships its own headers keeps them.
    // HLS idioms that are not mistakes: `#pragma HLS` lines (see hls_sim_common.h) and loop labels
    // (`ROW: for (...)`) that only directives refer to.
    const args = [...std, ...mode, ...user, '-I', hlsSim, '-Wno-unknown-pragmas', '-Wno-unused-label', '-fdiagnostics-color=never', '-c', src.path];
    const hash = createHash('sha256').update(cxx).update('\0').update(args.join('\0')).digest('hex').slice(0, 10);
    let base = `${path.basename(src.path).replace(/[^\w.-]/g, '_')}-${hash}`;
    while (seenNames.has(base)) base += '_';
    seenNames.add(base);
    const obj = path.join(objDir, `${base}.o`);
    const dep = path.join(objDir, `${base}.d`);
    units.push({ src, tb, args: [...args, '-o', obj, '-MMD', '-MF', dep], obj, dep });
  }

  const jobs = Math.max(1, opts.jobs ?? Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (next < units.length && !failed && !opts.signal?.aborted) {
      const u = units[next++];
      if (!(await stale(u))) {
        result.reused++;
        emit({ type: 'compile', file: u.src.path, index: ++done, total: units.length, reused: true });
        continue;
      }
      emit({ type: 'compile', file: u.src.path, index: ++done, total: units.length, reused: false });
      result.commands.push([cxx, ...u.args]);
      const r = await spawnLines(cxx, u.args, { cwd: project.dir, signal: opts.signal, timeoutMs: opts.timeoutMs });
      result.log += r.output;
      if (r.cancelled) {
        result.cancelled = true;
        failed = true;
        return;
      }
      if (r.spawnError) {
        result.errors.push({ severity: 'error', file: cxx, message: `cannot run the compiler: ${r.spawnError}` });
        failed = true;
        return;
      }
      if (r.timedOut) {
        result.errors.push({ severity: 'error', file: u.src.path, message: `compile timed out after ${opts.timeoutMs} ms` });
        failed = true;
        return;
      }
      for (const d of parseGccDiagnostics(r.output)) {
        (d.severity === 'error' ? result.errors : result.warnings).push(d);
        emit({ type: 'diagnostic', diagnostic: d });
      }
      if (r.exitCode !== 0) {
        if (!result.errors.length) result.errors.push({ severity: 'error', file: u.src.path, message: `compiler exited with ${r.exitCode ?? r.signal}` });
        failed = true;
        await rm(u.obj, { force: true });
        return;
      }
      result.compiled++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, units.length) }, worker));
  if (opts.signal?.aborted) result.cancelled = true;
  if (failed || result.cancelled) {
    result.buildMs = performance.now() - t0;
    return result;
  }

  emit({ type: 'phase', phase: 'link' });
  const exe = path.join(opts.buildDir, 'csim.exe');
  const linkArgs = [...units.map((u) => u.obj), '-o', exe, ...project.csim.ldflags, '-lm', '-pthread'];
  result.commands.push([cxx, ...linkArgs]);
  const r = await spawnLines(cxx, linkArgs, { cwd: project.dir, signal: opts.signal, timeoutMs: opts.timeoutMs });
  result.log += r.output;
  if (r.cancelled) result.cancelled = true;
  else if (r.exitCode !== 0) {
    const diags = parseGccDiagnostics(r.output).filter((d) => d.severity === 'error');
    result.errors.push(...(diags.length ? diags : [{ severity: 'error' as const, file: 'ld', message: r.output.trim() || `linker exited with ${r.exitCode}` }]));
    for (const d of result.errors) emit({ type: 'diagnostic', diagnostic: d });
  } else {
    result.ok = true;
    result.exe = exe;
  }
  result.buildMs = performance.now() - t0;
  return result;
}

/** Whether an object must be rebuilt: missing, or older than its source or any header it used. */
async function stale(u: Unit): Promise<boolean> {
  let objTime: number;
  try {
    objTime = (await stat(u.obj)).mtimeMs;
  } catch {
    return true;
  }
  let depText: string;
  try {
    depText = await readFile(u.dep, 'utf8');
  } catch {
    return true;
  }
  const deps = depText
    .replace(/\\\n/g, ' ')
    .replace(/^[^:]*:/, '')
    .split(/(?<!\\)\s+/)
    .filter(Boolean)
    .map((d) => d.replace(/\\ /g, ' '));
  for (const d of [u.src.path, ...deps]) {
    try {
      if ((await stat(d)).mtimeMs > objTime) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Write a small JSON note of what was built, for someone looking into the build dir. */
export async function writeBuildNote(buildDir: string, project: HlsProject, build: BuildResult): Promise<void> {
  await writeJsonAtomic(path.join(buildDir, 'build.json'), { source: project.source, commands: build.commands, ok: build.ok });
}
