import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppContext } from './app-context';
import type {
  ApproxCurveInfo, CompileDiagnosticInfo, HlsCsimResult, HlsDefaults, HlsEvents, HlsGenerateResult, HlsMethods, HlsProjectInfo, TensorComparisonInfo,
} from './contract';
import type { HandlersOf } from './handlers';
import { boardFor, openModel, projectPath } from './app-inputs';
import { apiError, asObject, num, str } from './validate';
import { inputError, WorkbenchError, type SerializedError } from '../core/errors';
import { fig } from '../core/figure';
import type { BoardSpec } from '../boards/board-spec';
import type { ImportedModel } from '../graph/import-model';
import { fixedName, type Plan } from '../plan/plan';
import { parsePrecision } from '../plan/precision';
import { formatTiles, parseTiles } from '../plan/tiles';
import { planFromStructure } from '../plan/from-graph';
import { bestTiling } from '../dse/default-plan';
import { generateFromModel, settleShapes, type GenerateEvent } from '../codegen/from-model';
import { MARKER, type ProjectManifest } from '../codegen/generate';
import type { Graph, ModelStructure } from '../graph/ir';
import { csimProject, openHlsProject, type CsimEvent, type CsimResult } from '../csim/csim-project';
// Importing compare.ts registers the comparator of workbench-generated projects (per-tensor errors).
import { csimGenerated, isGeneratedProject, readManifest } from '../csim/compare';
import { formatDiagnostic, type CompileDiagnostic } from '../csim/gcc-diagnostics';
import { approxErrorCurves } from '../csim/approx-sweep';
import { csimOutcome } from '../csim/outcome';
import type { HlsProject } from '../csim/project';

type OpenModel = { source: string; imported: ImportedModel };

/** Output lines are sent at most this often, and at most this many per message. */
const OUTPUT_BATCH_MS = 100;
const OUTPUT_BATCH_LINES = 500;
/** Beyond this many lines a run's output is no longer streamed (the result still holds its tail). */
const OUTPUT_STREAM_LIMIT = 50_000;

/** Per-app state beside the AppContext: the last generated dir, approximation curves by precision. */
const state = new WeakMap<AppContext, { lastGenerated: string | null; approx: Map<string, Promise<ApproxCurveInfo[]>> }>();

const rel = (dir: string, file: string): string | undefined => {
  const r = path.relative(dir, path.resolve(dir, file));
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r.split(path.sep).join('/') : undefined;
};

/** The project summary the Kernels view shows (and the file tree's root). */
export function projectInfo(p: HlsProject): HlsProjectInfo {
  const m = readManifest(p.dir);
  return {
    dir: p.dir,
    source: p.source,
    sourceRelative: p.source ? rel(p.dir, p.source) : undefined,
    kind: m ? 'generated' : p.kind,
    generated: !!m,
    name: p.name,
    solution: p.solution,
    top: p.top,
    part: p.part,
    clockPeriodNs: p.clockPeriodNs,
    flowTarget: p.flowTarget,
    designFiles: p.designFiles.map((f) => f.as),
    tbFiles: p.tbFiles.map((f) => f.as),
    argv: p.csim.argv,
    ignoredCommands: p.ignoredCommands.map(({ name, file, line, reason }) => ({ name, file, line, reason })),
    warnings: p.warnings,
    manifest: m && {
      board: m.board, part: m.part, clockMHz: m.clockMHz, precision: m.precision, cosineTolerance: m.tolerance.cosine,
      model: m.model.name, golden: m.outputs.some((o) => !!o.golden),
    },
  };
}

function diagnosticInfo(dir: string, d: CompileDiagnostic): CompileDiagnosticInfo {
  return { severity: d.severity, file: d.file, relative: d.line !== undefined ? rel(dir, d.file) : undefined, line: d.line, column: d.column, message: d.message, text: formatDiagnostic(d) };
}

export function csimResultInfo(r: CsimResult, project: HlsProjectInfo): HlsCsimResult {
  const comparisons: TensorComparisonInfo[] | undefined = r.comparisons?.map((c) => ({
    tensor: c.tensor,
    maxAbsError: fig(c.maxAbsError, '', 'csim'),
    meanAbsError: fig(c.meanAbsError, '', 'csim'),
    cosine: fig(c.cosine, '', 'csim', { note: `pass at ≥ ${c.tolerance}` }),
    tolerance: c.tolerance,
    pass: c.pass,
  }));
  return {
    ...csimOutcome(r),
    errors: r.errors.map((d) => diagnosticInfo(r.project.dir, d)),
    warnings: r.warnings.map((d) => diagnosticInfo(r.project.dir, d)),
    buildMs: fig(Math.round(r.buildMs), 'ms', 'csim', { note: `g++ ${r.optimization} against hls/sim` }),
    runMs: fig(Math.round(r.runMs), 'ms', 'csim', { note: 'testbench run' }),
    optimization: r.optimization,
    stackNote: r.stackLimit?.text ?? null,
    ...(comparisons ? { comparisons } : {}),
    project,
  };
}

/** Job progress per csim phase: the build (one step per translation unit) is most of the time. */
function csimProgress(e: CsimEvent): { stage: string; percent: number } | undefined {
  if (e.type === 'compile') return { stage: `${e.reused ? 'up to date' : 'compile'} ${path.basename(e.file)} (${e.index}/${e.total})`, percent: Math.round(5 + (75 * e.index) / Math.max(1, e.total)) };
  if (e.type !== 'phase') return undefined;
  const table = { read: ['read the project', 2], build: ['build', 5], link: ['link', 82], run: ['run the testbench', 88], compare: ['compare with the reference', 96], done: ['done', 100] } as const;
  const [stage, percent] = table[e.phase];
  return { stage, percent };
}

type Generated = { dir: string; manifest: ProjectManifest; plan: Plan; timings: { planMs: number; referenceMs: number; writeMs: number } };
type WorkerMsg = { type: 'event'; event: GenerateEvent } | { type: 'done'; result: Generated } | { type: 'error'; error: SerializedError };

/**
 * The generator in a worker thread when the TypeScript sources and tsx are at hand (serve, tests): the
 * float reference run is synchronous (seconds for ViT-Tiny, about a minute for ViT-Base) and would
 * otherwise stop the server answering anyone, cancel included. Same bootstrap as dse/explore.ts (Node 20
 * does not apply tsx's hooks to worker threads). Undefined in a bundled build: generate in process.
 */
function generatorWorkerCode(): string | undefined {
  const ts = new URL('../codegen/from-model.ts', import.meta.url);
  if (ts.protocol !== 'file:' || !existsSync(fileURLToPath(ts))) return undefined;
  let api: string;
  try {
    api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  } catch {
    return undefined;
  }
  return `const { parentPort, workerData } = require('node:worker_threads');
let last = -1;
import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); })
  .then(({ generateFromModel }) => generateFromModel(workerData.graph, workerData.structure, workerData.dir, {
    board: workerData.board, plan: workerData.plan,
    onEvent: (e) => {
      if (e.type === 'reference') { const p = Math.floor((100 * e.node) / Math.max(1, e.total)); if (p === last) return; last = p; }
      parentPort.postMessage({ type: 'event', event: e });
    },
  }))
  .then((r) => parentPort.postMessage({ type: 'done', result: { dir: r.dir, manifest: r.manifest, plan: r.plan, timings: r.timings } }))
  .catch((e) => parentPort.postMessage({ type: 'error', error: { code: (e && e.code) || 'E_INTERNAL', message: String((e && e.message) || e), context: e && e.context, details: e && e.details } }));`;
}

function generateInWorker(code: string, input: { graph: Graph; structure: ModelStructure; dir: string; board: BoardSpec; plan: Plan }, onEvent: (e: GenerateEvent) => void, signal: AbortSignal): Promise<Generated> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: input });
    let writing = false;
    let cancelled = false;
    let settled = false;
    const end = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const cancelError = () => new WorkbenchError('E_CANCELLED', 'generation cancelled');
    // Stopped at once while planning or in the reference run; a write in progress finishes (the
    // directory is replaced atomically) and the job still ends cancelled.
    const onAbort = () => {
      cancelled = true;
      if (!writing) end(() => reject(cancelError()));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMsg) => {
      if (m.type === 'event') {
        if (m.event.type === 'phase' && m.event.phase === 'write') writing = true;
        if (!cancelled) onEvent(m.event);
      } else if (m.type === 'done') end(() => (cancelled ? reject(cancelError()) : resolve(m.result)));
      else {
        // Rebuilt as it was thrown: a typed error keeps its code, context and details (its message already names the context).
        const e = m.error;
        const err = e.code === 'E_INTERNAL' ? new Error(e.message) : Object.assign(new WorkbenchError(e.code as WorkbenchError['code'], e.message, {}, e.details ?? []), { context: e.context ?? {} });
        end(() => reject(err));
      }
    });
    worker.on('error', (e) => end(() => reject(e)));
    worker.on('exit', (c) => end(() => reject(new WorkbenchError('E_TOOL', `the generator worker stopped (exit ${c})`))));
    if (signal.aborted) onAbort();
  });
}

/**
 * Generation replaces its output folder: only ever a new or empty one, or one the workbench generated
 * (never an engineer's own project or the workbench project folder typed into the same path field).
 */
function refuseForeignDir(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    return; // does not exist yet
  }
  if (!st.isDirectory()) throw new WorkbenchError('E_INPUT', 'the output path exists and is not a folder', { file: dir, field: 'outDir' });
  if (existsSync(path.join(dir, MARKER)) || readdirSync(dir).length === 0) return;
  throw new WorkbenchError('E_INPUT', `this folder holds files the workbench did not generate, and generating replaces the whole folder: choose a new or empty folder (e.g. ${path.join(dir, 'hls-project')})`, { file: dir, field: 'outDir' });
}

/** Handlers of contract-hls.ts over codegen/ and csim/. */
export function hlsHandlers(app: AppContext): HandlersOf<HlsMethods> {
  let st = state.get(app);
  if (!st) state.set(app, (st = { lastGenerated: null, approx: new Map() }));
  const s = st;

  const defaultPath = (): string | null => s.lastGenerated ?? (app.project ? path.join(app.project.dir, 'hls-project') : null);

  function targetOf(o: Record<string, unknown>, method: string): string {
    const given = str(o, 'path', method, true);
    const p = given !== undefined ? projectPath(app, given) : defaultPath();
    if (!p) throw inputError('no HLS project path: type one, or open a workbench project first', { field: 'path' });
    return p;
  }

  /** The model to generate from: the one imported in the Model view, else the project's. */
  async function modelFor(): Promise<OpenModel> {
    if (app.model) return app.model;
    const wanted = app.project?.settings.model;
    if (!wanted) throw inputError('no model: import one in the Model view first (an ONNX file with its weights)', { field: 'model' });
    return openModel(app, wanted);
  }

  return {
    'hls.defaults': async (): Promise<HlsDefaults> => {
      const m = app.model;
      const inits = m ? [...m.imported.graph.initializers.values()] : [];
      const set = app.project?.settings;
      return {
        path: defaultPath(),
        lastGenerated: s.lastGenerated,
        model: m ? { source: m.source, name: m.imported.structure.name, weightsPresent: inits.length > 0 && inits.every((t) => t.data !== undefined) } : null,
        board: set?.board ?? null,
        clockMHz: set?.clockMHz ?? null,
        precision: set?.precision ?? null,
        tiles: set?.tiles ?? null,
      };
    },

    'hls.generate': async (p) => {
      const o = asObject(p, 'hls.generate');
      const outGiven = str(o, 'outDir', 'hls.generate', true);
      const outDir = outGiven !== undefined ? projectPath(app, outGiven) : app.project ? path.join(app.project.dir, 'hls-project') : null;
      if (!outDir) throw inputError('no output directory: give one, or open a workbench project (it then goes to <project>/hls-project)', { field: 'outDir' });
      refuseForeignDir(outDir);
      const board = boardFor(app, str(o, 'board', 'hls.generate', true));
      const clockMHz = num(o, 'clockMHz', 'hls.generate', true, 1, 1000) ?? app.project?.settings.clockMHz;
      const precisionText = o.precision === '' ? undefined : (str(o, 'precision', 'hls.generate', true) ?? app.project?.settings.precision);
      const tilesText = o.tiles === '' ? undefined : (str(o, 'tiles', 'hls.generate', true) ?? app.project?.settings.tiles);
      // Parse before the job starts, so a typo is the call's error, naming the field.
      const precision = parsePrecision(precisionText);
      const tiles = tilesText !== undefined ? parseTiles(tilesText) : undefined;
      const model = await modelFor();
      const inits = [...model.imported.graph.initializers.values()];
      if (inits.length === 0 || inits.some((t) => t.data === undefined)) {
        throw new WorkbenchError('E_MODEL', `${model.source} has no weights (an architecture spec or preset describes shapes only): import an ONNX file with its weights to generate the HLS project`, { field: 'model', file: model.source });
      }
      return app.jobs.start('hls.generate', `generate ${path.basename(outDir)}`, async (ctx): Promise<HlsGenerateResult> => {
        const check = () => {
          if (ctx.signal.aborted) throw new WorkbenchError('E_CANCELLED', 'generation cancelled');
        };
        ctx.progress('settle shapes', 2);
        const m = settleShapes(model.imported.graph, model.imported.structure);
        check();
        ctx.progress('plan', 5);
        let plan: Plan;
        let tilesChosen: HlsGenerateResult['tilesChosen'] = 'given';
        if (tiles) plan = planFromStructure(m.structure, { board, precision, tiles, clockMHz });
        else {
          plan = bestTiling(m.structure, board, { clockMHz, precision: precisionText ?? 'default' }).plan;
          tilesChosen = 'searched';
        }
        check();
        let lastPct = -1;
        const onEvent = (e: GenerateEvent) => {
          if (e.type === 'phase') {
            const at = { plan: 8, reference: 10, write: 88, done: 100 }[e.phase];
            ctx.progress(e.phase === 'reference' ? 'float reference' : e.phase === 'write' ? 'write the project' : e.phase, at);
          } else {
            const pct = Math.round(10 + (75 * e.node) / Math.max(1, e.total));
            if (pct !== lastPct) ctx.progress(`float reference: node ${e.node}/${e.total}`, (lastPct = pct));
          }
        };
        const code = generatorWorkerCode();
        const r: Generated = code
          ? await generateInWorker(code, { graph: m.graph, structure: m.structure, dir: outDir, board, plan }, onEvent, ctx.signal)
          : await generateFromModel(m.graph, m.structure, outDir, {
            board,
            plan,
            onEvent: (e) => {
              check(); // thrown inside the reference run: it stops at the next node
              onEvent(e);
            },
          });
        s.lastGenerated = r.dir;
        const info = projectInfo(openHlsProject(r.dir));
        app.log('info', 'hls', `generated ${r.manifest.files.length + 1} files in ${r.dir}`);
        return {
          dir: r.dir,
          project: info,
          model: model.source,
          board: board.id,
          part: r.plan.part,
          clockMHz: r.plan.clockMHz,
          precision: r.manifest.precision,
          tiles: formatTiles(r.plan.tiles),
          tilesChosen,
          files: r.manifest.files.length + 1,
          bytes: r.manifest.files.reduce((a, f) => a + f.bytes, 0),
          golden: r.manifest.outputs.some((x) => !!x.golden),
          timings: r.timings,
          notes: r.manifest.notes,
          warnings: r.manifest.warnings,
        };
      });
    },

    'hls.open': async (p) => {
      const target = targetOf(asObject(p, 'hls.open'), 'hls.open');
      const info = projectInfo(openHlsProject(target));
      app.log('info', 'hls', `opened HLS project ${info.name ?? info.dir}${info.ignoredCommands.length ? ` (${info.ignoredCommands.length} script commands ignored)` : ''}`);
      return info;
    },

    'hls.csim': async (p) => {
      const o = asObject(p, 'hls.csim');
      const target = targetOf(o, 'hls.csim');
      if (o.debug !== undefined && typeof o.debug !== 'boolean') throw apiError("hls.csim: 'debug' must be a boolean");
      const debug = o.debug === true;
      const project = openHlsProject(target); // a bad path is this call's error, not a failed job
      const info = projectInfo(project);
      if (!project.tbFiles.length) throw new WorkbenchError('E_INPUT', 'the project has no testbench (add_files -tb): there is nothing to run in C simulation', { file: project.source ?? project.dir });
      const generated = isGeneratedProject(project.dir);
      let jobId = '';
      const job = app.jobs.start('hls.csim', `csim ${info.name ?? path.basename(project.dir)}`, async (ctx) => {
        let pending: HlsEvents['hls.csim.output']['lines'] = [];
        let streamed = 0;
        let timer: NodeJS.Timeout | undefined;
        const flush = () => {
          if (timer) clearTimeout(timer);
          timer = undefined;
          if (!pending.length) return;
          const lines = pending;
          pending = [];
          app.bus.emit('hls.csim.output', { jobId, lines });
        };
        const push = (stream: 'stdout' | 'stderr' | 'info', line: string) => {
          if (streamed > OUTPUT_STREAM_LIMIT) return;
          streamed++;
          pending.push(streamed > OUTPUT_STREAM_LIMIT ? { stream: 'info', line: `… more than ${OUTPUT_STREAM_LIMIT} lines: the rest is not streamed (the result keeps the tail)` } : { stream, line });
          if (pending.length >= OUTPUT_BATCH_LINES) flush();
          else timer ??= setTimeout(flush, OUTPUT_BATCH_MS);
        };
        push('info', `${generated ? 'generated project' : 'Vitis HLS project'} ${project.source ?? project.dir}: building with g++ ${debug ? '-O0 -g' : '-O2'} against hls/sim`);
        try {
          const r = await (generated ? csimGenerated : csimProject)(project.dir, {
            project,
            debug,
            signal: ctx.signal,
            onEvent: (e) => {
              const prog = csimProgress(e);
              if (prog) ctx.progress(prog.stage, prog.percent);
              if (e.type === 'output') push(e.stream, e.line);
              else if (e.type === 'info') push('info', e.message);
              else if (e.type === 'phase' && e.phase === 'run') push('info', 'running the testbench');
              else if (e.type === 'diagnostic') {
                const d = diagnosticInfo(project.dir, e.diagnostic);
                push('stderr', d.text);
                app.bus.emit('hls.csim.diagnostic', { jobId, diagnostics: [d] });
              }
            },
          });
          const res = csimResultInfo(r, info);
          const why = r.cancelled ? 'cancelled' : r.stage === 'build' ? `build failed with ${r.errors.length} error(s)` : r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
          push('info', `CSIM ${r.pass ? 'PASS' : 'FAIL'} (${why}); build ${(r.buildMs / 1000).toFixed(2)} s, run ${(r.runMs / 1000).toFixed(2)} s${r.stackLimit ? `; ${r.stackLimit.text}` : ''}`);
          app.log(r.pass ? 'info' : 'warn', 'csim', `${info.name ?? project.dir}: ${r.pass ? 'PASS' : 'FAIL'} (${why})`);
          return res;
        } finally {
          flush();
        }
      });
      jobId = job.id; // the work starts on the next tick, after this
      return job;
    },

    'hls.approx': async (p) => {
      const o = asObject(p, 'hls.approx');
      const text = o.precision === '' ? undefined : (str(o, 'precision', 'hls.approx', true) ?? app.project?.settings.precision);
      const prec = parsePrecision(text);
      const key = `${fixedName(prec.softmax)}|${fixedName(prec.activation)}`;
      let curves = s.approx.get(key);
      if (!curves) {
        curves = approxErrorCurves({ softmax: prec.softmax, activation: prec.activation }).then((cs) =>
          cs.map((c) => ({
            name: c.name,
            outputType: fixedName(c.outputType),
            lsb: c.lsb,
            x: c.x,
            approx: c.approx,
            exact: c.exact,
            errorLsb: c.errorLsb,
            maxErrorLsb: fig(c.maxErrorLsb, 'LSB', 'csim', { note: `at x = ${c.worstX}` }),
            meanErrorLsb: fig(c.meanErrorLsb, 'LSB', 'csim'),
            worstX: c.worstX,
          })),
        );
        s.approx.set(key, curves);
        curves.catch(() => s.approx.delete(key));
      }
      return { precision: `softmax ${fixedName(prec.softmax)}, activation ${fixedName(prec.activation)}`, curves: await curves };
    },
  };
}
