/**
 * C-simulate an HLS project: find and read its TCL script or hls_config.cfg (never executing it),
 * build design + testbench with g++ against hls/sim, run the testbench and report as Vitis does:
 * pass when main() returns 0. One entry point for engineers' own projects and for
 * workbench-generated ones (which add a comparator for per-tensor errors).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WorkbenchError, fileError } from '../core/errors';
import { buildProject, defaultBuildDir, type CsimEvent } from './build';
import { formatDiagnostic, type CompileDiagnostic } from './gcc-diagnostics';
import { comparatorFor } from './comparators';
import { readHlsConfig } from './hls-config';
import { readTclProject } from './hls-tcl';
import type { HlsProject, IgnoredCommand } from './project';
import { prepareRunDir, runTestbench, type StackLimit } from './run';

import type { CsimOptimization, CsimOutcome, TensorComparison } from './outcome';

export type { CsimEvent } from './build';
export type { CsimOutcome, TensorComparison } from './outcome';

/**
 * Hook for generated projects: after a passing run, compare the testbench's outputs (in runDir)
 * with the reference executor. Engineers' own projects have none; their testbench decides.
 */
export interface CsimComparator {
  compare(ctx: { project: HlsProject; runDir: string; signal?: AbortSignal }): Promise<TensorComparison[]>;
}

export interface CsimOptions {
  /** -O0 -g instead of -O2. */
  debug?: boolean;
  /** Private build dir; default under the OS temp dir, keyed by project. */
  buildDir?: string;
  hlsSimDir?: string;
  /** Overrides the project's csim_design -argv. */
  argv?: string[];
  /** Stack for the testbench in MiB (default 512). */
  stackMb?: number;
  buildTimeoutMs?: number;
  /** Default 10 minutes. */
  runTimeoutMs?: number;
  jobs?: number;
  /** Flags added to every compile after the project's (e.g. -Wall -Wextra to check warnings). */
  extraCflags?: string[];
  /** Force a clean build (also when the project says csim_design -clean). */
  clean?: boolean;
  signal?: AbortSignal;
  onEvent?: (e: CsimEvent) => void;
  /** Per-tensor comparison after a passing run; default: a registered one for this project (comparators.ts). */
  comparator?: CsimComparator;
  /** A project already read (e.g. generated); `dir` is then only informative. */
  project?: HlsProject;
}

export interface CsimResult extends CsimOutcome {
  /** Compile/link errors with file:line:col. */
  errors: CompileDiagnostic[];
  warnings: CompileDiagnostic[];
  buildMs: number;
  runMs: number;
  stackLimit?: StackLimit;
  ignoredCommands: IgnoredCommand[];
  projectWarnings: string[];
  project: HlsProject;
  buildDir: string;
  runDir: string;
  optimization: CsimOptimization;
  comparisons?: TensorComparison[];
}

const SCRIPT_PREFERENCE = ['run_hls.tcl', 'script.tcl', 'run.tcl', 'build.tcl', 'hls.tcl', 'csim.tcl'];

/** Resolve PATH (a project dir, a .tcl script or an hls_config.cfg) to the file to read. */
export function locateProjectFile(target: string): { file: string; kind: 'tcl' | 'cfg' } {
  const abs = path.resolve(target);
  let st;
  try {
    st = statSync(abs);
  } catch (err) {
    throw fileError('no such file or directory', { file: abs }, err);
  }
  if (st.isFile()) {
    if (abs.endsWith('.cfg')) return { file: abs, kind: 'cfg' };
    return { file: abs, kind: 'tcl' };
  }
  const names = readdirSync(abs);
  if (names.includes('hls_config.cfg')) return { file: path.join(abs, 'hls_config.cfg'), kind: 'cfg' };
  for (const n of SCRIPT_PREFERENCE) if (names.includes(n)) return { file: path.join(abs, n), kind: 'tcl' };
  const tcl = names
    .filter((n) => n.endsWith('.tcl'))
    .sort()
    .find((n) => /\b(open_project|add_files)\b/.test(readFileSync(path.join(abs, n), 'utf8')));
  if (tcl) return { file: path.join(abs, tcl), kind: 'tcl' };
  const cfg = names.filter((n) => n.endsWith('.cfg')).sort().find((n) => /^\s*\[hls\]/m.test(readFileSync(path.join(abs, n), 'utf8')));
  if (cfg) return { file: path.join(abs, cfg), kind: 'cfg' };
  throw new WorkbenchError('E_FILE', 'no Vitis HLS project here: expected a TCL script with open_project/add_files or an hls_config.cfg', { file: abs });
}

/** Read a project without building it (for the Kernels view's file list, etc.). */
export function openHlsProject(target: string): HlsProject {
  const { file, kind } = locateProjectFile(target);
  return kind === 'cfg' ? readHlsConfig(file) : readTclProject(file);
}

/** Runs in progress per build dir: two runs of one project in this process take turns. */
const busy = new Map<string, Promise<unknown>>();

export async function csimProject(target: string, opts: CsimOptions = {}): Promise<CsimResult> {
  const project = opts.project ?? openHlsProject(target);
  const buildDir = path.resolve(opts.buildDir ?? defaultBuildDir(project, !!opts.debug));
  const before = busy.get(buildDir) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(() => csimOnce(project, buildDir, opts));
  busy.set(buildDir, mine);
  try {
    return await mine;
  } finally {
    if (busy.get(buildDir) === mine) busy.delete(buildDir);
  }
}

async function csimOnce(project: HlsProject, buildDir: string, opts: CsimOptions): Promise<CsimResult> {
  const emit = opts.onEvent ?? (() => {});
  emit({ type: 'phase', phase: 'read' });
  const debug = !!opts.debug;
  const runDir = path.join(buildDir, 'run');
  const base: Omit<CsimResult, 'pass' | 'stage'> = {
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    output: '',
    outputTruncated: false,
    errors: [],
    warnings: [],
    buildMs: 0,
    runMs: 0,
    ignoredCommands: project.ignoredCommands,
    projectWarnings: project.warnings,
    project,
    buildDir,
    runDir,
    optimization: debug ? '-O0 -g' : '-O2',
  };
  for (const w of project.warnings) emit({ type: 'info', message: `warning: ${w}` });

  const missing = [...project.designFiles, ...project.tbFiles].filter((f) => {
    try {
      statSync(f.path);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length) {
    const errors = missing.map<CompileDiagnostic>((f) => ({
      severity: 'error',
      file: f.origin?.file ?? project.source ?? project.dir,
      line: f.origin?.line,
      message: `add_files: ${f.as} does not exist (resolved to ${f.path})`,
    }));
    for (const d of errors) emit({ type: 'diagnostic', diagnostic: d });
    return { ...base, pass: false, stage: 'build', errors };
  }

  const build = await buildProject(project, {
    buildDir,
    debug,
    hlsSimDir: opts.hlsSimDir,
    jobs: opts.jobs,
    extraCflags: opts.extraCflags,
    clean: opts.clean || project.csim.clean,
    signal: opts.signal,
    timeoutMs: opts.buildTimeoutMs,
    onEvent: emit,
  });
  const afterBuild = { ...base, errors: build.errors, warnings: build.warnings, buildMs: build.buildMs, cancelled: build.cancelled };
  if (!build.ok || !build.exe) {
    if (!build.cancelled && build.errors.length) afterBuild.output = build.errors.map(formatDiagnostic).join('\n') + '\n';
    emit({ type: 'phase', phase: 'done' });
    return { ...afterBuild, pass: false, stage: 'build' };
  }

  await prepareRunDir(project, runDir, { clean: opts.clean || project.csim.clean });
  const run = await runTestbench({
    exe: build.exe,
    runDir,
    argv: opts.argv ?? project.csim.argv,
    stackMb: opts.stackMb,
    timeoutMs: opts.runTimeoutMs ?? 600_000,
    signal: opts.signal,
    onEvent: emit,
  });
  const result: CsimResult = {
    ...afterBuild,
    pass: run.exitCode === 0 && !run.timedOut && !run.cancelled && !run.spawnError,
    stage: 'run',
    exitCode: run.exitCode,
    signal: run.signal,
    timedOut: run.timedOut,
    cancelled: run.cancelled,
    output: run.spawnError ? `cannot start the testbench: ${run.spawnError}\n` : run.output,
    outputTruncated: run.truncated,
    runMs: run.runMs,
    stackLimit: run.stackLimit,
  };
  const comparator = opts.comparator ?? comparatorFor(project);
  if (result.pass && comparator) {
    emit({ type: 'phase', phase: 'compare' });
    result.stage = 'compare';
    result.comparisons = await comparator.compare({ project, runDir, signal: opts.signal });
    result.pass = result.comparisons.every((c) => c.pass);
  }
  emit({ type: 'phase', phase: 'done' });
  return result;
}
