/**
 * DSE worker thread: evaluates the design-point indices it is given and posts results in batches.
 * Started by explore.ts; in development it runs TypeScript through tsx's loader.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Evaluator, type DseResult, type EvaluatorOptions } from './evaluate';
import { pointAt, type DesignSpace } from './space';
import type { ModelStructure } from '../graph/ir';
import type { BoardSpec } from '../boards/board-spec';

export interface WorkerInput {
  structure: ModelStructure;
  board: BoardSpec;
  space: DesignSpace;
  indices: number[];
  options: EvaluatorOptions;
  batch: number;
}

export type WorkerMessage = { type: 'results'; results: DseResult[] } | { type: 'done' } | { type: 'error'; message: string };

const input = workerData as WorkerInput;
let stop = false;
parentPort?.on('message', (m: { type: string }) => {
  if (m?.type === 'cancel') stop = true;
});

async function run(): Promise<void> {
  const ev = new Evaluator(input.structure, input.board, input.options);
  let buf: DseResult[] = [];
  for (let j = 0; j < input.indices.length && !stop; j++) {
    const i = input.indices[j];
    buf.push(ev.evaluate(pointAt(input.space, i), i));
    if (buf.length >= input.batch) {
      parentPort!.postMessage({ type: 'results', results: buf } satisfies WorkerMessage);
      buf = [];
      await new Promise((r) => setImmediate(r)); // let a cancel message in
    }
  }
  if (buf.length) parentPort!.postMessage({ type: 'results', results: buf } satisfies WorkerMessage);
  parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

run().catch((err: unknown) => parentPort!.postMessage({ type: 'error', message: String((err as Error)?.stack ?? err) } satisfies WorkerMessage));
