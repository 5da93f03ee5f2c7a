import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import { compareRuns, listRuns, loadRun, runDir, summarize, type Run, type RunSummary } from '../project/runs';
import { discoveryPaths, readSettings, settingsFile, updateSettings, type UserSettings } from '../project/settings';
import { normaliseSteps, queueBuild, type BuildEvent, type BuildStepName, type CallbackResult, type StepContext } from '../toolchain/build';
import { csimGenerated, isGeneratedProject } from '../csim/compare';
import { csimProject, openHlsProject } from '../csim/csim-project';
import { formatDiagnostic } from '../csim/gcc-diagnostics';
import { discoverTools, explainMissing, type FoundTool } from '../toolchain/discovery';
import { classifyLine } from '../toolchain/log-classifier';
import { parseReportFile } from '../toolchain/parsers/report-detect';
import { JobQueue, type JobInfo as QueueJob, type QueueState } from '../toolchain/queue';
import type { AppContext } from './app-context';
import type { BuildJobInfo, BuildMethods, BuildQueueInfo, FoundToolInfo, LogLineInfo, ParsedReportInfo, RunInfo, RunSummaryInfo } from './contract';
import type { HandlersOf } from './handlers';
import { apiError, asObject, num, str } from './validate';

/** How often batched build log lines go out, and the most lines one batch carries per step. */
export const LOG_FLUSH_MS = 100;
const MAX_BATCH_LINES = 2000;
const DEFAULT_TAIL = 400;
const MAX_TAIL = 5000;
const MAX_LOG_READ = 4 << 20;

/**
 * Tool logs arrive one event per line, sometimes thousands a second: lines are gathered per run/step
 * and sent every LOG_FLUSH_MS as one event. A flood keeps the newest `maxLines` of a batch (the live
 * view shows the tail; the full log is in the step's file) and says how many it left out.
 */
export class LogBatcher {
  private batches = new Map<string, { runId: string; step: string; lines: LogLineInfo[]; total: number }>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private send: (e: { runId: string; step: string; lines: LogLineInfo[]; dropped?: number }) => void, private flushMs = LOG_FLUSH_MS, private maxLines = MAX_BATCH_LINES) {}

  push(runId: string, step: string, line: LogLineInfo): void {
    const key = `${runId}\0${step}`;
    let b = this.batches.get(key);
    if (!b) this.batches.set(key, (b = { runId, step, lines: [], total: 0 }));
    b.lines.push(line);
    b.total++;
    // Trim in chunks so a flood costs O(1) per line.
    if (b.lines.length >= 2 * this.maxLines) b.lines.splice(0, b.lines.length - this.maxLines);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    for (const b of this.batches.values()) {
      const lines = b.lines.length > this.maxLines ? b.lines.slice(-this.maxLines) : b.lines;
      const dropped = b.total - lines.length;
      this.send({ runId: b.runId, step: b.step, lines, ...(dropped ? { dropped } : {}) });
    }
    this.batches.clear();
  }
}

/** Per-AppContext build state: one queue (concurrency from Settings) and the log batcher. */
interface Builds {
  queue: JobQueue;
  ready: Promise<void>;
  jobOfRun: Map<string, string>;
  logs: LogBatcher;
}
const registry = new WeakMap<AppContext, Builds>();

function buildsOf(app: AppContext): Builds {
  let b = registry.get(app);
  if (b) return b;
  const queue = new JobQueue(1);
  b = { queue, jobOfRun: new Map(), logs: new LogBatcher((e) => app.bus.emit('builds.log', e)), ready: Promise.resolve() };
  // The saved concurrency limit applies from the first build on; a broken settings file must not block builds.
  b.ready = readSettings().then((s) => queue.setLimit(s.queueLimit), (err) => app.log('warn', 'settings', (err as Error).message));
  queue.on('change', (s: QueueState) => app.bus.emit('builds.queue', queueInfo(s)));
  // On shutdown queued builds must not start and running ones stop (the runner kills their process group).
  app.onDispose(() => {
    const st = queue.state();
    for (const j of [...st.queued, ...st.running]) queue.cancel(j.id);
  });
  registry.set(app, b);
  return b;
}

const runIdOfLabel = (label: string) => /^build (\S+)$/.exec(label)?.[1];
const jobInfo = (j: QueueJob): BuildJobInfo => ({ ...j, runId: runIdOfLabel(j.label) });
const queueInfo = (s: QueueState): BuildQueueInfo => ({ limit: s.limit, running: s.running.map(jobInfo), queued: s.queued.map(jobInfo), finished: s.finished.map(jobInfo) });

function toolInfo(t: FoundTool | undefined): FoundToolInfo | undefined {
  return t && { name: t.name, path: t.path, version: t.version, from: t.from, settings64: t.settings64 };
}

function logLine(line: string, stream: 'stdout' | 'stderr', n = 0): LogLineInfo {
  const m = line.length < 8192 && /(ERROR|WARNING)/.test(line) ? classifyLine(line, n) : undefined;
  if (!m || m.severity === 'INFO') return { line, stream };
  return { line, stream, sev: m.severity === 'ERROR' ? 'error' : m.severity === 'CRITICAL WARNING' ? 'critical' : 'warning', id: m.id };
}

/** Build events → API events: log lines batched, everything else at once (after pending lines, to keep order). */
function forward(app: AppContext, b: Builds, projectDir: string, e: BuildEvent): void {
  if (e.type === 'log') return b.logs.push(e.runId, e.step, logLine(e.line, e.stream));
  b.logs.flush();
  if (e.type === 'run') app.bus.emit('builds.run', { ...summaryInfo(e.run), projectDir });
  else if (e.type === 'step') app.bus.emit('builds.step', { runId: e.runId, step: stepInfo(e.step) });
  else app.bus.emit('builds.progress', { runId: e.runId, step: e.step, stage: e.progress.stage, percent: e.progress.percent });
}

const summaryInfo = (s: RunSummary): RunSummaryInfo => JSON.parse(JSON.stringify(s)) as RunSummaryInfo;
function stepInfo(s: Run['steps'][number]): RunInfo['steps'][number] {
  // pid / start ticks are for crash recovery, not for the UI.
  const { pid: _pid, pidStartTicks: _ticks, ...rest } = s;
  return JSON.parse(JSON.stringify(rest)) as RunInfo['steps'][number];
}
function runInfo(r: Run): RunInfo {
  return {
    id: r.id, kind: r.kind, status: r.status, projectDir: r.projectDir, createdAt: r.createdAt, updatedAt: r.updatedAt, planHash: r.planHash,
    steps: r.steps.map(stepInfo),
    reports: r.reports.map(({ kind, file, tool, toolVersion }) => ({ kind, file, tool, toolVersion })),
    figures: r.figures, tools: r.tools,
  };
}

/** The project a call is about: the given dir, else the open project. */
async function projectDirOf(app: AppContext, o: Record<string, unknown>, method: string): Promise<string> {
  const given = str(o, 'projectDir', method, true);
  const dir = given ? path.resolve(given) : app.project?.dir;
  if (!dir) throw new WorkbenchError('E_INPUT', 'no project is open: open or create one in the Project view first', { field: 'projectDir' });
  let isDir = false;
  try { isDir = (await stat(dir)).isDirectory(); } catch { /* reported below */ }
  if (!isDir) throw new WorkbenchError('E_FILE', 'project directory does not exist', { file: dir, field: 'projectDir' });
  return dir;
}

/** Run ids are folder names under .workbench/runs: nothing that could climb out of it. */
function runIdParam(o: Record<string, unknown>, key: string, method: string): string {
  const id = str(o, key, method);
  if (!/^[\w.-]+$/.test(id) || id === '.' || id === '..') throw apiError(`${method}: '${key}' is not a run id`);
  return id;
}

function stepParam(o: Record<string, unknown>, key: string, method: string, optional: boolean): BuildStepName | undefined {
  const v = str(o, key, method, optional);
  if (v === undefined) return undefined;
  try { return normaliseSteps([v])[0]; } catch (err) { throw new WorkbenchError('E_INPUT', (err as Error).message, { field: key }); }
}

/** The last `tail` lines of a file, reading at most its last MAX_LOG_READ bytes. */
async function tailFile(file: string, tail: number): Promise<{ lines: string[]; total: number; truncated: boolean }> {
  let fh;
  try { fh = await open(file, 'r'); } catch (err) { throw new WorkbenchError('E_FILE', `cannot read the step log: ${(err as Error).message}`, { file }); }
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, MAX_LOG_READ);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    let lines = buf.toString('latin1').split('\n');
    if (size > len) lines = lines.slice(1); // first line is cut
    if (lines.at(-1) === '') lines.pop();
    return { lines: lines.slice(-tail), total: lines.length, truncated: size > len || lines.length > tail };
  } finally {
    await fh.close();
  }
}

/**
 * The build's csim step: our own g++ C simulation of the project copied into the run's work dir
 * (no vendor tool needed). A project without a testbench has nothing to simulate and passes, saying so.
 */
async function csimStep(ctx: StepContext): Promise<CallbackResult> {
  let tb = 0;
  try {
    tb = openHlsProject(ctx.workDir).tbFiles.length;
  } catch (err) {
    ctx.log(`C simulation skipped: the project script could not be read (${(err as Error).message})`);
    return { ok: true };
  }
  if (!tb) {
    ctx.log('C simulation skipped: the project has no testbench (add_files -tb)');
    return { ok: true };
  }
  const r = await (isGeneratedProject(ctx.workDir) ? csimGenerated : csimProject)(ctx.workDir, {
    signal: ctx.signal,
    onEvent: (e) => {
      if (e.type === 'diagnostic') ctx.log(formatDiagnostic(e.diagnostic));
      else if (e.type === 'output' || e.type === 'info') ctx.log(e.type === 'output' ? e.line : e.message);
      else if (e.type === 'phase' && (e.phase === 'build' || e.phase === 'run')) ctx.log(e.phase === 'build' ? 'building the testbench with g++ against hls/sim' : 'running the testbench');
    },
  });
  if (r.pass) return { ok: true };
  const first = r.errors[0];
  const why = r.cancelled ? 'cancelled' : r.timedOut ? 'the testbench timed out'
    : first ? `compile failed: ${formatDiagnostic(first)}`
    : r.comparisons?.some((c) => !c.pass) ? `outputs differ from the reference (${r.comparisons.filter((c) => !c.pass).map((c) => c.tensor).join(', ')})`
    : `the testbench ${r.signal ? `died of ${r.signal}` : `exited with ${r.exitCode}`}`;
  return { ok: false, message: `C simulation failed: ${why}` };
}

/** Handlers of contract-builds.ts over the core modules. */
export function buildHandlers(app: AppContext): HandlersOf<BuildMethods> {
  const settingsResult = (settings: UserSettings) => ({ settings, file: settingsFile() });

  return {
    'tools.discover': async (p) => {
      const o = asObject(p, 'tools.discover');
      const settings = await readSettings();
      const d = await discoverTools({ paths: discoveryPaths(settings), probe: o.probe !== false, probeTimeoutMs: 10_000 });
      return {
        tools: d.tools.map((t) => toolInfo(t)!),
        hls: toolInfo(d.hls),
        vivado: toolInfo(d.vivado),
        searched: d.searched,
        missing: { hls: d.hls ? undefined : explainMissing('hls', d), vivado: d.vivado ? undefined : explainMissing('vivado', d) },
      };
    },

    'settings.get': async () => settingsResult(await readSettings()),
    'settings.set': async (p) => {
      const o = asObject(p, 'settings.set');
      if (o.settings === undefined) throw apiError("settings.set: 'settings' must be an object");
      const s = await updateSettings(o.settings, 'settings.set');
      const b = buildsOf(app);
      await b.ready;
      b.queue.setLimit(s.queueLimit);
      // setLimit starts waiting builds but does not announce the new limit itself.
      app.bus.emit('builds.queue', queueInfo(b.queue.state()));
      app.log('info', 'settings', `saved ${settingsFile()}`);
      return settingsResult(s);
    },

    'builds.start': async (p) => {
      const o = asObject(p, 'builds.start');
      const projectDir = await projectDirOf(app, o, 'builds.start');
      let steps: BuildStepName[] | undefined;
      if (o.steps !== undefined) {
        if (!Array.isArray(o.steps) || o.steps.some((s) => typeof s !== 'string')) throw apiError("builds.start: 'steps' must be a list of step names");
        try { steps = normaliseSteps(o.steps as string[]); } catch (err) { throw new WorkbenchError('E_INPUT', (err as Error).message, { field: 'steps' }); }
        if (!steps.length) throw new WorkbenchError('E_INPUT', 'choose at least one step', { field: 'steps' });
      }
      const fromStep = stepParam(o, 'fromStep', 'builds.start', true);
      const resumeRunId = o.resumeRunId === undefined ? undefined : runIdParam(o, 'resumeRunId', 'builds.start');
      const sourceDir = str(o, 'sourceDir', 'builds.start', true);
      const b = buildsOf(app);
      await b.ready;
      const settings = await readSettings();
      const ctrl = new AbortController();
      let appJob: string | undefined;
      let progressTo: ((stage: string, percent?: number) => void) | undefined;
      let stepLog: ((line: string) => void) | undefined;
      let finished: (r: Run | Error) => void = () => {};
      const ended = new Promise<Run | Error>((r) => (finished = r));
      const job = await queueBuild(b.queue, {
        projectDir,
        sourceDir: sourceDir ? path.resolve(projectDir, sourceDir) : undefined,
        steps, fromStep, resumeRunId,
        tools: { paths: discoveryPaths(settings) },
        csim: csimStep,
        signal: ctrl.signal,
        onEvent: (e) => {
          forward(app, b, projectDir, e);
          if (e.type === 'run' && e.run.status === 'running' && !appJob) {
            // Shown in the status bar and cancellable from it while it runs; it ends with the build.
            appJob = app.jobs.start('build', `build ${e.run.id}`, async (ctx) => {
              progressTo = ctx.progress;
              stepLog = (l) => ctx.log(l);
              ctx.signal.addEventListener('abort', () => ctrl.abort(), { once: true });
              const r = await ended;
              if (r instanceof Error) throw r;
              if (r.status === 'failed') {
                const s = r.steps.find((x) => x.status === 'failed');
                throw new WorkbenchError('E_TOOL', s?.reason ?? 'build failed', { step: s?.name });
              }
              return summaryInfo(summarize(r));
            }).id;
          } else if (e.type === 'progress') progressTo?.(`${e.step}: ${e.progress.stage}`, e.progress.percent);
          else if (e.type === 'step' && e.step.status !== 'running') stepLog?.(`${e.step.name} ${e.step.status}${e.step.reason ? `: ${e.step.reason}` : ''}`);
        },
      });
      b.jobOfRun.set(job.run.id, job.jobId);
      job.done.then(
        (r) => {
          finished(r);
          app.log(r.status === 'done' ? 'info' : r.status === 'cancelled' ? 'warn' : 'error', 'builds', `run ${r.id} ${r.status}`);
        },
        (err) => {
          finished(err instanceof Error ? err : new Error(String(err)));
          app.log('warn', 'builds', `run ${job.run.id}: ${(err as Error).message}`);
        },
      ).finally(() => b.jobOfRun.delete(job.run.id));
      app.log('info', 'builds', `queued run ${job.run.id} (${job.run.steps.map((s) => s.name).join(' → ')})`);
      return { run: summaryInfo(summarize(job.run)), jobId: job.jobId, projectDir };
    },

    'builds.cancel': async (p) => {
      const o = asObject(p, 'builds.cancel');
      const b = buildsOf(app);
      const jobId = o.jobId !== undefined ? str(o, 'jobId', 'builds.cancel') : o.runId !== undefined ? b.jobOfRun.get(runIdParam(o, 'runId', 'builds.cancel')) : undefined;
      if (o.jobId === undefined && o.runId === undefined) throw apiError("builds.cancel: give 'jobId' or 'runId'");
      const cancelled = jobId ? b.queue.cancel(jobId) : false;
      if (cancelled) app.log('warn', 'builds', `cancel requested for ${o.runId ?? jobId}`);
      return { cancelled };
    },
    'builds.queue': async () => queueInfo(buildsOf(app).queue.state()),

    'runs.list': async (p) => {
      const projectDir = await projectDirOf(app, asObject(p, 'runs.list'), 'runs.list');
      const { runs, errors } = await listRuns(projectDir);
      return { runs: runs.map(summaryInfo), errors, projectDir };
    },
    'runs.get': async (p) => {
      const o = asObject(p, 'runs.get');
      return runInfo(await loadRun(await projectDirOf(app, o, 'runs.get'), runIdParam(o, 'runId', 'runs.get')));
    },
    'runs.log': async (p) => {
      const o = asObject(p, 'runs.log');
      const projectDir = await projectDirOf(app, o, 'runs.log');
      const runId = runIdParam(o, 'runId', 'runs.log');
      const stepName = str(o, 'step', 'runs.log');
      const tail = num(o, 'tail', 'runs.log', true, 1, MAX_TAIL) ?? DEFAULT_TAIL;
      const run = await loadRun(projectDir, runId);
      const step = run.steps.find((s) => s.name === stepName);
      if (!step) throw new WorkbenchError('E_INPUT', `run ${runId} has no step '${stepName}' (${run.steps.map((s) => s.name).join(', ')})`, { field: 'step' });
      if (!step.logPath) throw new WorkbenchError('E_INPUT', `step ${stepName} has no log file: it ran no vendor tool`, { step: stepName });
      const file = path.join(runDir(projectDir, runId), step.logPath);
      const t = await tailFile(file, Math.floor(tail));
      const lines = t.lines.map((l, i) => logLine(l, 'stdout', i + 1));
      const seen = { error: 0, criticalWarning: 0, warning: 0 };
      for (const l of lines) if (l.sev) seen[l.sev === 'error' ? 'error' : l.sev === 'critical' ? 'criticalWarning' : 'warning']++;
      return { runId, step: stepName, file, lines, totalLines: t.total, truncated: t.truncated, counts: step.counts ?? seen };
    },
    'runs.compare': async (p) => {
      const o = asObject(p, 'runs.compare');
      const projectDir = await projectDirOf(app, o, 'runs.compare');
      const [a, b] = await Promise.all([loadRun(projectDir, runIdParam(o, 'a', 'runs.compare')), loadRun(projectDir, runIdParam(o, 'b', 'runs.compare'))]);
      const c = compareRuns(a, b);
      return { a: summaryInfo(c.a), b: summaryInfo(c.b), rows: c.rows };
    },
    'reports.parse': async (p) => {
      const o = asObject(p, 'reports.parse');
      const given = str(o, 'file', 'reports.parse');
      if (!path.isAbsolute(given) && !app.project) throw new WorkbenchError('E_INPUT', 'give an absolute path (no project is open to resolve it against)', { field: 'file' });
      const file = path.resolve(app.project?.dir ?? '/', given);
      return (await parseReportFile(file)) as unknown as ParsedReportInfo;
    },
  };
}

