/**
 * The one-click build as named steps (FINN style: a table name → function), recorded as a Run whose
 * run.json is rewritten atomically after every step change:
 *
 *   generate → csim → csynth → cosim (optional) → export → impl → reports
 *
 * generate and csim are callbacks from the caller (codegen and our g++ csim live elsewhere) and run
 * without any vendor tool. csynth / cosim / export run the discovered HLS tool on the generated
 * run_hls.tcl; impl runs Vivado on run_vivado.tcl when the generated project has one.
 *
 * ---- Convention with codegen's scripts (coordinate before changing) -------------------------------
 * HLS:    `vitis_hls -f run_hls.tcl` | `vitis-run --mode hls --tcl run_hls.tcl` | `vivado_hls -f run_hls.tcl`
 *         cwd = <run>/work (the generated project copy). One tool invocation per step, selected by env:
 *           FWB_STEPS        comma list of what this invocation must run, from csim,csynth,cosim,export
 *                            (e.g. `csynth`). The script runs csim_design / csynth_design /
 *                            cosim_design / export_design only for the names listed.
 *           FWB_RESET        '1' when the script should open_project/open_solution with -reset
 *                            (only the csynth step sets it; later steps reuse the synthesised solution)
 *           FWB_EXPORT_FLOW  'impl' | 'syn' — the -flow of export_design (default impl)
 *         Reports are read where the tool writes them: <proj>/<solution>/syn/report/csynth.xml and
 *         <top>_csynth.rpt, <proj>/<solution>/impl/report/verilog/<top>_export.rpt / export_impl.rpt.
 * Vivado: `vivado -mode batch -nojournal -source run_vivado.tcl -tclargs impl` with FWB_STEPS=impl;
 *         reports read from <proj>.runs/impl_1/*_{utilization_placed,timing_summary_routed,power_routed}.rpt
 *         (or any such files under work/).
 * ------------------------------------------------------------------------------------------------
 * An engineer's own project (no generator marker) is run as it is: at the csynth step the HLS tool
 * runs the project's own TCL script once, whole (it decides which of csim/csynth/cosim/export it
 * holds), or `v++ -c --mode hls --config` for a Vitis unified hls_config.cfg; cosim/export then only
 * note that the script covered them, and every report it wrote is parsed.
 */
import { cp, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkbenchError, toolError } from '../core/errors';
import type { Figure } from '../core/figure';
import { RunRecorder, loadRun, newRun, runDir, startTicks, stopOrphanedSteps, summarize, type Run, type RunStepRecord, type RunSummary } from '../project/runs';
import { discoverTools, explainMissing, type Discovery, type DiscoveryOptions, type FoundTool } from './discovery';
import { runStep, type StepResult } from './job-runner';
import { hlsProgress, vivadoProgress, type Progress } from './progress';
import { envFromSettings } from './settings-env';
import { detectReport, PARSERS } from './parsers/report-detect';
import type { ParsedReport } from './parsers/types';
import type { JobQueue } from './queue';
import { GENERATED_PROJECT_MARKER } from '../core/project-marker';
import { locateProjectFile } from '../csim/csim-project';

export const BUILD_STEPS = ['generate', 'csim', 'csynth', 'cosim', 'export', 'impl', 'reports'] as const;
export type BuildStepName = (typeof BUILD_STEPS)[number];
/** cosim is optional: off unless asked for. */
export const DEFAULT_STEPS: BuildStepName[] = ['generate', 'csim', 'csynth', 'export', 'impl', 'reports'];

export interface StepContext {
  runId: string;
  /** <run>/work: where generate writes the project and where tools run. */
  workDir: string;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface CallbackResult { ok: boolean; message?: string }

export type BuildEvent =
  | { type: 'run'; run: RunSummary }
  | { type: 'step'; runId: string; step: RunStepRecord }
  | { type: 'log'; runId: string; step: string; line: string; stream: 'stdout' | 'stderr' }
  | { type: 'progress'; runId: string; step: string; progress: Progress };

export interface BuildOptions {
  /** Workbench project dir: runs go to <projectDir>/.workbench/runs/<id>/. */
  projectDir: string;
  /** What generate copies into work/ when no `generate` callback is given (default: projectDir). */
  sourceDir?: string;
  steps?: BuildStepName[];
  /** Continue this run (same work dir) from `fromStep`; earlier steps keep their record. */
  resumeRunId?: string;
  fromStep?: BuildStepName;
  generate?: (ctx: StepContext) => Promise<CallbackResult | void>;
  csim?: (ctx: StepContext) => Promise<CallbackResult | void>;
  /** A discovery result, or options to run one. */
  tools?: Discovery | DiscoveryOptions;
  timeoutsMs?: Partial<Record<BuildStepName, number>>;
  killGraceMs?: number;
  planHash?: string;
  onEvent?: (e: BuildEvent) => void;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUTS: Record<BuildStepName, number> = {
  generate: 30 * 60e3, csim: 2 * 3600e3, csynth: 12 * 3600e3, cosim: 12 * 3600e3, export: 24 * 3600e3, impl: 24 * 3600e3, reports: 10 * 60e3,
};

/** Create the run record (status queued) so the UI can show it before it starts. */
export async function prepareBuild(opts: BuildOptions): Promise<RunRecorder> {
  if (opts.resumeRunId) {
    const run = await loadRun(opts.projectDir, opts.resumeRunId);
    if (run.status === 'running') throw new WorkbenchError('E_INPUT', 'this run is still running; cancel it before resuming', { file: run.id });
    // A tool left running by the crashed build would write into the same work dir: stop it first.
    await stopOrphanedSteps(run);
    const from = opts.fromStep ?? run.steps.find((s) => s.status !== 'done' && s.status !== 'skipped')?.name ?? run.steps[0].name;
    const idx = run.steps.findIndex((s) => s.name === from);
    if (idx < 0) throw new WorkbenchError('E_INPUT', `step '${from}' is not part of run ${run.id} (${run.steps.map((s) => s.name).join(', ')})`);
    const rec = new RunRecorder(run);
    await rec.update((r) => {
      r.status = 'queued';
      r.owner = newRun(opts.projectDir, { kind: 'build', steps: [] }).owner;
      for (const s of r.steps.slice(idx)) Object.assign(s, { status: 'queued', startedAt: undefined, endedAt: undefined, exitCode: undefined, firstErrors: [], reason: undefined, progress: undefined, counts: undefined, pid: undefined, pidStartTicks: undefined });
    });
    return rec;
  }
  const steps = normaliseSteps(opts.steps ?? DEFAULT_STEPS);
  const from = opts.fromStep ? steps.indexOf(opts.fromStep) : 0;
  if (from < 0) throw new WorkbenchError('E_INPUT', `--from step '${opts.fromStep}' is not among the selected steps (${steps.join(', ')})`);
  const rec = new RunRecorder(newRun(opts.projectDir, { kind: 'build', planHash: opts.planHash, steps }));
  await rec.update((r) => {
    for (const s of r.steps.slice(0, from)) { s.status = 'skipped'; s.reason = `not selected: build started from ${opts.fromStep}`; }
  });
  return rec;
}

export function normaliseSteps(steps: string[]): BuildStepName[] {
  const bad = steps.filter((s) => !(BUILD_STEPS as readonly string[]).includes(s));
  if (bad.length) throw new WorkbenchError('E_INPUT', `unknown build step(s): ${bad.join(', ')}; known: ${BUILD_STEPS.join(', ')}`);
  return BUILD_STEPS.filter((s) => steps.includes(s));
}

/** Prepare and run a build now (no queue). */
export async function runBuild(opts: BuildOptions): Promise<Run> {
  const rec = await prepareBuild(opts);
  return executeBuild(rec, opts, opts.signal);
}

/** Put a build on a queue (limit 1 by default): the record exists at once, status 'queued'. */
export async function queueBuild(queue: JobQueue, opts: BuildOptions): Promise<{ run: Run; jobId: string; done: Promise<Run> }> {
  const rec = await prepareBuild(opts);
  opts.onEvent?.({ type: 'run', run: summarize(rec.run) });
  const job = queue.enqueue(`build ${rec.run.id}`, (signal) => executeBuild(rec, opts, anySignal(signal, opts.signal)));
  // A build cancelled while still queued never starts: record that.
  job.promise.catch(async () => {
    if (rec.run.status === 'queued') {
      await rec.update((r) => {
        r.status = 'cancelled';
        for (const s of r.steps) if (s.status === 'queued') { s.status = 'cancelled'; s.reason = 'cancelled before it started'; }
      });
    }
  });
  return { run: rec.run, jobId: job.id, done: job.promise };
}

type StepFn = (name: BuildStepName, env: BuildEnv) => Promise<void>;

interface BuildEnv {
  rec: RunRecorder;
  opts: BuildOptions;
  signal: AbortSignal;
  workDir: string;
  dir: string;
  tools?: Discovery;
  emit: (e: BuildEvent) => void;
}

/** A step failure that ends the build, with its reason recorded on the step. */
class StepStop extends Error {
  constructor(readonly status: 'failed' | 'cancelled', message: string, readonly result?: StepResult) { super(message); }
}

const STEP_TABLE: Record<BuildStepName, StepFn> = {
  generate: stepGenerate,
  csim: stepCsim,
  csynth: stepHls,
  cosim: stepHls,
  export: stepHls,
  impl: stepImpl,
  reports: stepReports,
};

export async function executeBuild(rec: RunRecorder, opts: BuildOptions, signal = new AbortController().signal): Promise<Run> {
  const run = rec.run;
  const dir = runDir(run.projectDir, run.id);
  const emit = (e: BuildEvent) => { try { opts.onEvent?.(e); } catch { /* a listener must not break the build */ } };
  const env: BuildEnv = { rec, opts, signal, workDir: path.join(dir, 'work'), dir, emit };
  await rec.update((r) => { r.status = 'running'; });
  emit({ type: 'run', run: summarize(run) });

  let stopped: 'failed' | 'cancelled' | undefined;
  for (const step of run.steps) {
    if (step.status !== 'queued') continue;
    const name = step.name as BuildStepName;
    if (stopped || signal.aborted) {
      await rec.update(() => {
        step.status = signal.aborted ? 'cancelled' : 'skipped';
        step.reason = signal.aborted ? 'build cancelled' : `not run: an earlier step ${stopped}`;
      });
      emit({ type: 'step', runId: run.id, step });
      continue;
    }
    await rec.update(() => { step.status = 'running'; step.startedAt = new Date().toISOString(); });
    emit({ type: 'step', runId: run.id, step });
    try {
      await STEP_TABLE[name](name, env);
      await rec.update(() => {
        step.status = 'done';
        step.endedAt = new Date().toISOString();
        if (step.progress) step.progress = { ...step.progress, percent: 100 };
      });
    } catch (err) {
      const status = err instanceof StepStop ? err.status : signal.aborted ? 'cancelled' : 'failed';
      stopped = status;
      await rec.update(() => {
        step.status = status;
        step.endedAt = new Date().toISOString();
        step.reason = err instanceof Error ? err.message : String(err);
      });
    }
    emit({ type: 'step', runId: run.id, step });
  }
  await rec.update((r) => {
    r.status = signal.aborted ? 'cancelled' : stopped ?? 'done';
  });
  emit({ type: 'run', run: summarize(run) });
  return run;
}

// ---------------------------------------------------------------- steps

async function stepGenerate(name: BuildStepName, b: BuildEnv): Promise<void> {
  const ctx = context(name, b);
  if (b.opts.generate) return callback(await b.opts.generate(ctx));
  // No generator: the project dir already holds the HLS project (an engineer's own, or generated before).
  const src = path.resolve(b.opts.sourceDir ?? b.opts.projectDir);
  // Entry by entry: the run dir itself lives under src/.workbench, and cp refuses to copy into itself.
  await mkdir(b.workDir, { recursive: true });
  for (const e of await readdir(src)) {
    if (/^(\.workbench|\.git|node_modules)$/.test(e)) continue;
    await cp(path.join(src, e), path.join(b.workDir, e), { recursive: true });
  }
  ctx.log(`copied ${src} → ${b.workDir}`);
}

async function stepCsim(name: BuildStepName, b: BuildEnv): Promise<void> {
  const ctx = context(name, b);
  if (!b.opts.csim) {
    ctx.log('no C simulation configured for this build; step passes without running anything');
    await b.rec.update(() => { b.rec.step(name).reason = 'no C simulation callback given: nothing to run'; });
    return;
  }
  callback(await b.opts.csim(ctx));
}

function callback(r: CallbackResult | void): void {
  if (r && !r.ok) throw new StepStop('failed', r.message ?? 'failed');
}

async function tools(b: BuildEnv): Promise<Discovery> {
  if (!b.tools) {
    const t = b.opts.tools;
    b.tools = t && 'searched' in t ? t : await discoverTools(t as DiscoveryOptions | undefined);
    const found: Record<string, string> = {};
    if (b.tools.hls) found.hls = `${b.tools.hls.name} ${b.tools.hls.version ?? '?'} ${b.tools.hls.path}`;
    if (b.tools.vivado) found.vivado = `vivado ${b.tools.vivado.version ?? '?'} ${b.tools.vivado.path}`;
    await b.rec.update((r) => { r.tools = found; });
  }
  return b.tools;
}

const settingsCache = new Map<string, Promise<Record<string, string>>>();
async function toolEnv(t: FoundTool): Promise<NodeJS.ProcessEnv> {
  if (!t.settings64) return process.env;
  let p = settingsCache.get(t.settings64);
  if (!p) { p = envFromSettings(t.settings64); settingsCache.set(t.settings64, p); }
  try { return await p; } catch { settingsCache.delete(t.settings64); return process.env; }
}

async function stepHls(name: BuildStepName, b: BuildEnv): Promise<void> {
  if (!(await exists(path.join(b.workDir, GENERATED_PROJECT_MARKER)))) return stepOwnProject(name, b);
  const d = await tools(b);
  if (!d.hls) throw toolError(explainMissing('hls', d), { step: name });
  const script = path.join(b.workDir, 'run_hls.tcl');
  if (!(await exists(script))) throw new WorkbenchError('E_FILE', 'no run_hls.tcl in the generated project', { file: script, step: name });
  const t = d.hls;
  const args = t.name === 'vitis-run' ? ['--mode', 'hls', '--tcl', 'run_hls.tcl'] : ['-f', 'run_hls.tcl'];
  const cmd = { csynth: 'csynth_design', cosim: 'cosim_design', export: 'export_design' }[name as 'csynth'];
  await toolStep(name, b, t, args, {
    FWB_STEPS: name,
    FWB_RESET: name === 'csynth' ? '1' : '0',
    FWB_EXPORT_FLOW: process.env.FWB_EXPORT_FLOW ?? 'impl',
  }, hlsProgress([cmd]));
  await collectReports(b, name === 'csynth' ? /(^|\/)syn\/report\/[^/]+$/ : name === 'export' ? /(^|\/)impl\/report\/[^/]+\/[^/]+$|(^|\/)impl\/report\/[^/]+$/ : undefined, name);
}

/** An engineer's own project: their script (or hls_config.cfg) runs once, as they wrote it. */
async function stepOwnProject(name: BuildStepName, b: BuildEnv): Promise<void> {
  if (name !== 'csynth') {
    const ran = b.rec.run.steps.find((s) => s.name === 'csynth')?.status === 'done';
    await b.rec.update(() => {
      b.rec.step(name).reason = ran
        ? "the project's own script ran in the csynth step; what it holds of this step ran there"
        : "not a workbench-generated project: its own script runs in the csynth step (not selected)";
    });
    return;
  }
  const d = await tools(b);
  // No HLS tool at all is the first thing to say, whatever the project holds.
  if (!d.hls && !d.tools.some((t) => t.name === 'v++')) throw toolError(explainMissing('hls', d), { step: name });
  let found: { file: string; kind: 'tcl' | 'cfg' };
  try {
    found = locateProjectFile(b.workDir);
  } catch (err) {
    throw new WorkbenchError('E_FILE', `${(err as Error).message} (the build runs a generated project or your own Vitis HLS script)`, { file: b.workDir, step: name });
  }
  const rel = path.relative(b.workDir, found.file);
  if (found.kind === 'cfg') {
    const vpp = d.tools.find((t) => t.name === 'v++');
    if (!vpp) throw toolError(`${rel} is a Vitis unified HLS config: it needs v++ (Vitis 2023.2 or later), which was not found. ${explainMissing('hls', d)}`, { step: name });
    await b.rec.update(() => { b.rec.step(name).reason = `ran v++ -c --mode hls --config ${rel}`; });
    await toolStep(name, b, vpp, ['-c', '--mode', 'hls', '--config', rel, '--work_dir', 'hls_component'], {}, hlsProgress(['csynth_design']));
  } else {
    if (!d.hls) throw toolError(explainMissing('hls', d), { step: name });
    const t = d.hls;
    const args = t.name === 'vitis-run' ? ['--mode', 'hls', '--tcl', rel] : ['-f', rel];
    await b.rec.update(() => { b.rec.step(name).reason = `ran the project's own script ${rel} (all the steps it holds)`; });
    await toolStep(name, b, t, args, {}, hlsProgress(['csim_design', 'csynth_design', 'cosim_design', 'export_design']));
  }
  await collectReports(b, undefined, name);
}

async function stepImpl(name: BuildStepName, b: BuildEnv): Promise<void> {
  const script = path.join(b.workDir, 'run_vivado.tcl');
  if (!(await exists(script))) {
    await b.rec.update(() => { b.rec.step(name).reason = 'no run_vivado.tcl in the generated project: implementation figures come from export (-flow impl) only'; });
    return;
  }
  const d = await tools(b);
  if (!d.vivado) throw toolError(explainMissing('vivado', d), { step: name });
  await toolStep(name, b, d.vivado, ['-mode', 'batch', '-nojournal', '-source', 'run_vivado.tcl', '-tclargs', 'impl'], { FWB_STEPS: 'impl' }, vivadoProgress());
  await collectReports(b, /\.runs\/impl_\d+\/[^/]+_(utilization_placed|timing_summary_routed|power_routed)\.rpt$/, name);
}

async function stepReports(name: BuildStepName, b: BuildEnv): Promise<void> {
  await collectReports(b, undefined, name);
}

async function toolStep(name: BuildStepName, b: BuildEnv, t: FoundTool, args: string[], extraEnv: Record<string, string>, progress: ReturnType<typeof hlsProgress>): Promise<void> {
  const rel = path.join('logs', `${name}.log`);
  const step = b.rec.step(name);
  await b.rec.update(() => { step.logPath = rel; });
  let lastWrite = 0;
  const result = await runStep({
    name,
    cmd: t.path,
    args,
    cwd: b.workDir,
    baseEnv: await toolEnv(t),
    env: extraEnv,
    logFile: path.join(b.dir, rel),
    timeoutMs: b.opts.timeoutsMs?.[name] ?? DEFAULT_TIMEOUTS[name],
    killGraceMs: b.opts.killGraceMs,
    progress,
    signal: b.signal,
    onStart: (pid) => { b.rec.update(() => { step.pid = pid; step.pidStartTicks = startTicks(pid); }).catch(() => { /* the next update retries the write */ }); },
    onLog: (line, stream) => b.emit({ type: 'log', runId: b.rec.run.id, step: name, line, stream }),
    onProgress: (p) => {
      b.emit({ type: 'progress', runId: b.rec.run.id, step: name, progress: p });
      // Progress is worth persisting, but not on every line of a fast log.
      const now = Date.now();
      if (now - lastWrite > 1000) { lastWrite = now; b.rec.update(() => { step.progress = p; }).catch(() => { /* retried by the next update */ }); }
      else step.progress = p;
    },
  });
  await b.rec.update(() => {
    step.exitCode = result.exitCode;
    step.counts = result.counts;
    step.firstErrors = result.firstErrors.map((m) => ({ line: m.line, id: m.id, severity: m.severity, text: m.text }));
    if (result.progress) step.progress = result.progress;
  });
  if (result.outcome === 'done') return;
  const first = result.firstErrors[0];
  const why = `${t.name} ${result.reason}${first ? ` — first error (log line ${first.line}): ${first.id} ${first.text}` : ''}`;
  throw new StepStop(result.outcome === 'cancelled' ? 'cancelled' : 'failed', why, result);
}

/**
 * Parse every report file under work/ whose relative path matches `where` (all known ones when
 * undefined), store the parsed data and merge the key figures into the run: `csynth.*` from HLS
 * synthesis, `impl.*` from the export report and Vivado. A report that exists but cannot be parsed
 * (e.g. truncated) fails the step with the parser's error, which names the file and the section.
 */
async function collectReports(b: BuildEnv, where: RegExp | undefined, stepName: string): Promise<void> {
  const files = (await walk(b.workDir)).filter((f) => !where || where.test(f));
  const parsed: ParsedReport[] = [];
  const isTop = await topCsynthFilter(b.workDir, files);
  for (const rel of files) {
    const base = path.basename(rel);
    if (!/\.(xml|rpt|log)$/.test(base)) continue;
    const abs = path.join(b.workDir, rel);
    const head = (await readFile(abs, 'latin1')).slice(0, 4000);
    const kind = detectReport(rel, head);
    if (!kind) continue;
    // Per-module csynth files describe sub-functions; the run's figures come from the top-level ones.
    if ((kind === 'csynth-xml' || kind === 'csynth-report') && !isTop(rel)) continue;
    if (kind === 'hls-log' && !/^(vitis_hls|vivado_hls|scout_hls)\.log$/.test(rel)) continue;
    const text = await readFile(abs, 'latin1');
    try {
      parsed.push(PARSERS[kind](text, rel));
    } catch (err) {
      throw err instanceof WorkbenchError ? err : new WorkbenchError('E_REPORT', (err as Error).message, { file: rel, step: stepName });
    }
  }
  if (!parsed.length) return;
  await b.rec.update((r) => {
    for (const p of parsed) {
      r.reports = r.reports.filter((x) => x.file !== p.file);
      const { figures, ...data } = p;
      r.reports.push({ kind: p.kind, file: p.file, tool: p.tool, toolVersion: p.toolVersion, data });
      mergeFigures(r.figures, p, figures, r.id);
    }
  });
}

/**
 * csynth.xml and <top>_csynth.xml/.rpt are the top-level reports; other *_csynth files are per module.
 * The top's name is read from the folder's csynth.xml; without one, the shortest <name>_csynth.rpt
 * is the top (module files append suffixes to it).
 */
async function topCsynthFilter(workDir: string, files: string[]): Promise<(rel: string) => boolean> {
  const tops = new Map<string, string>();
  for (const f of files.filter((x) => path.basename(x) === 'csynth.xml')) {
    const head = (await readFile(path.join(workDir, f), 'latin1')).slice(0, 2000);
    const m = /<TopModelName>([^<]+)<\/TopModelName>/.exec(head);
    if (m) tops.set(path.dirname(f), m[1]);
  }
  return (rel) => {
    const base = path.basename(rel);
    if (base === 'csynth.xml' || base === 'csynth.rpt') return true;
    const dir = path.dirname(rel);
    const top = tops.get(dir) ?? files
      .filter((f) => path.dirname(f) === dir && /_csynth\.(rpt|xml)$/.test(f))
      .map((f) => path.basename(f).replace(/_csynth\.(rpt|xml)$/, ''))
      .sort((a, b) => a.length - b.length)[0];
    return base === `${top}_csynth.xml` || base === `${top}_csynth.rpt`;
  };
}

function mergeFigures(into: Record<string, Figure>, p: ParsedReport, figures: Record<string, Figure>, runId: string): void {
  const prefix = p.kind === 'csynth-xml' || p.kind === 'csynth-report' || p.kind === 'hls-log' ? 'csynth' : 'impl';
  for (const [k, f] of Object.entries(figures)) {
    const key = `${prefix}.${k}`;
    // XML beats text for csynth (more precise); the first source wins otherwise.
    if (into[key] && !(p.kind === 'csynth-xml')) continue;
    into[key] = { ...f, runId };
  }
}

async function walk(root: string, rel = '', out: string[] = [], depth = 0): Promise<string[]> {
  if (depth > 8) return out;
  let entries;
  try { entries = await readdir(path.join(root, rel), { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (/^(\.Xil|xsim\.dir|\.git|node_modules)$/.test(e.name)) continue;
      await walk(root, r, out, depth + 1);
    } else if (e.isFile()) out.push(r);
  }
  return out;
}

function context(name: BuildStepName, b: BuildEnv): StepContext {
  return {
    runId: b.rec.run.id,
    workDir: b.workDir,
    signal: b.signal,
    log: (line) => b.emit({ type: 'log', runId: b.rec.run.id, step: name, line, stream: 'stdout' }),
  };
}

async function exists(p: string): Promise<boolean> {
  try { await stat(p); return true; } catch { return false; }
}

function anySignal(a: AbortSignal, b?: AbortSignal): AbortSignal {
  if (!b) return a;
  const c = new AbortController();
  const abort = () => c.abort();
  if (a.aborted || b.aborted) c.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return c.signal;
}

