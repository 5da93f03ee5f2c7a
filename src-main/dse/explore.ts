/**
 * Design-space exploration: evaluate up to `budget` points of the space (in worker threads when asked),
 * stream every result to the caller as it arrives, keep the Pareto front of the feasible ones, stop on
 * an AbortSignal.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BoardSpec } from '../boards/board-spec';
import { WorkbenchError } from '../core/errors';
import type { ModelStructure } from '../graph/ir';
import type { AppliedCalibration } from '../estimate/estimate';
import { Evaluator, type DseConstraints, type DseResult } from './evaluate';
import { ParetoFront, OBJECTIVES, type Objective } from './pareto';
import { defaultSpace, pointAt, sampleIndices, spaceSize, type DesignSpace } from './space';
import type { WorkerInput, WorkerMessage } from './worker';

export interface ExploreOptions {
  structure: ModelStructure;
  board: BoardSpec;
  /** Overrides of the default space for this model and board. */
  space?: Partial<DesignSpace>;
  /** Most points to evaluate (default 2,000). */
  budget?: number;
  seed?: number;
  constraints?: DseConstraints;
  calibration?: AppliedCalibration | null;
  objectives?: readonly Objective[];
  /** Worker threads: 0 = evaluate in this thread (default). */
  workers?: number;
}

export interface ExploreProgress {
  done: number;
  total: number;
  feasible: number;
  onFront: boolean;
}

export interface ExploreSummary {
  space: DesignSpace;
  spaceSize: number;
  evaluated: number;
  feasible: number;
  front: DseResult[];
  durationMs: number;
  plansPerSecond: number;
  cancelled: boolean;
  workers: number;
}

export type PointCallback = (p: DseResult, progress: ExploreProgress) => void;

export async function explore(opts: ExploreOptions, onPoint?: PointCallback, signal?: AbortSignal): Promise<ExploreSummary> {
  const space: DesignSpace = { ...defaultSpace(opts.structure, opts.board), ...(opts.space ?? {}) };
  const indices = sampleIndices(space, opts.budget ?? 2000, opts.seed ?? 1);
  const front = new ParetoFront<DseResult>(opts.objectives ?? OBJECTIVES);
  const t0 = performance.now();
  let done = 0;
  let feasible = 0;
  const accept = (r: DseResult): void => {
    done++;
    let onFront = false;
    if (r.feasible) {
      feasible++;
      onFront = front.insert(r);
    }
    onPoint?.(r, { done, total: indices.length, feasible, onFront });
  };
  const evalOpts = { constraints: opts.constraints, calibration: opts.calibration ?? null };
  const nWorkers = Math.max(0, Math.min(opts.workers ?? 0, indices.length));
  let cancelled = false;
  if (nWorkers === 0) {
    const ev = new Evaluator(opts.structure, opts.board, evalOpts);
    for (let j = 0; j < indices.length; j++) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      accept(ev.evaluate(pointAt(space, indices[j]), indices[j]));
      // Yield now and then so the event loop (UI events, the abort) is served.
      if ((j & 255) === 255) await new Promise((r) => setImmediate(r));
    }
  } else {
    cancelled = await runWorkers(nWorkers, { structure: opts.structure, board: opts.board, space, indices, options: evalOpts, batch: 64 }, accept, signal);
  }
  const durationMs = performance.now() - t0;
  return {
    space,
    spaceSize: spaceSize(space),
    evaluated: done,
    feasible,
    front: front.points(),
    durationMs,
    plansPerSecond: durationMs > 0 ? (done / durationMs) * 1e3 : 0,
    cancelled,
    workers: nWorkers,
  };
}

/** The same as explore(), as an async iterator of results (the summary is the iterator's return value). */
export async function* exploreIter(opts: ExploreOptions, signal?: AbortSignal): AsyncGenerator<DseResult, ExploreSummary> {
  const queue: DseResult[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let summary: ExploreSummary | undefined;
  let failure: unknown;
  explore(opts, (p) => {
    queue.push(p);
    wake?.();
  }, signal)
    .then((s) => (summary = s))
    .catch((e: unknown) => (failure = e))
    .finally(() => {
      finished = true;
      wake?.();
    });
  for (;;) {
    while (queue.length) yield queue.shift()!;
    if (finished) break;
    await new Promise<void>((r) => (wake = r));
    wake = undefined;
  }
  while (queue.length) yield queue.shift()!;
  if (failure) throw failure;
  return summary!;
}

/**
 * How to start a worker here: the compiled .js beside us, or the .ts source through tsx (an eval'd
 * bootstrap registers tsx's ESM hooks inside the worker, then imports the worker module — Node 20 does
 * not apply `--import` hooks to worker threads).
 */
export function workerEntry(): { script: string | URL; eval: boolean } | undefined {
  const js = new URL('./worker.js', import.meta.url);
  if (js.protocol === 'file:' && existsSync(fileURLToPath(js))) return { script: js, eval: false };
  const ts = new URL('./worker.ts', import.meta.url);
  if (ts.protocol !== 'file:' || !existsSync(fileURLToPath(ts))) return undefined;
  try {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    const api = pathToFileURL(pkg.replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
    const code =
      `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); })` +
      `.catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'error', message: String(e && e.stack || e) }); });`;
    return { script: code, eval: true };
  } catch {
    return undefined;
  }
}

function runWorkers(n: number, input: WorkerInput, accept: (r: DseResult) => void, signal?: AbortSignal): Promise<boolean> {
  const entry = workerEntry();
  if (!entry) throw new WorkbenchError('E_UNSUPPORTED', 'DSE worker threads are not available in this build; use workers: 0');
  return new Promise<boolean>((resolve, reject) => {
    const workers: Worker[] = [];
    let live = n;
    let settled = false;
    const finish = (cancelled: boolean, err?: unknown): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (err) reject(err);
      else resolve(cancelled);
    };
    const onAbort = (): void => finish(true);
    if (signal?.aborted) return resolve(true);
    signal?.addEventListener('abort', onAbort, { once: true });
    for (let w = 0; w < n; w++) {
      // Interleaved split so every worker sees a mix of cheap and expensive points.
      const mine = input.indices.filter((_, j) => j % n === w);
      const worker = new Worker(entry.script, { eval: entry.eval, workerData: { ...input, indices: mine } satisfies WorkerInput });
      workers.push(worker);
      worker.on('message', (m: WorkerMessage) => {
        if (settled) return;
        if (m.type === 'results') for (const r of m.results) accept(r);
        else if (m.type === 'error') finish(false, new WorkbenchError('E_TOOL', `DSE worker failed: ${m.message}`));
        else if (m.type === 'done' && --live === 0) finish(false);
      });
      worker.on('error', (e) => finish(false, e));
      worker.on('exit', (code) => {
        if (!settled && code !== 0) finish(false, new WorkbenchError('E_TOOL', `DSE worker exited with code ${code}`));
      });
    }
  });
}
