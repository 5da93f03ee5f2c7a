/**
 * The one core call behind `fpga-workbench generate` and the API: model (+ board, precision, tiles,
 * clock) → plan → reference output → project directory. Progress is reported by phase.
 */
import type { BoardSpec } from '../boards/board-spec';
import { WorkbenchError } from '../core/errors';
import type { Graph, ModelStructure } from '../graph/ir';
import { numel } from '../graph/ir';
import type { Plan, PrecisionPlan, Tiles } from '../plan/plan';
import { planFromStructure } from '../plan/from-graph';
import { referenceOutput } from '../csim/reference';
import { defaultInput, generateProject, type GeneratedProject } from './generate';
import { buildCodegenModel } from './model-view';
import { runPasses } from '../graph/passes';
import { recognise } from '../graph/recognise';

/**
 * Re-run the graph passes while they still resolve shapes: the import pipeline caps its iterations,
 * and a deep dynamic-shape export (one Shape chain per block) can need more. No-op when all shapes
 * are known. Returns the settled graph and its structure.
 */
export function settleShapes(graph: Graph, structure: ModelStructure, rounds = 4): { graph: Graph; structure: ModelStructure } {
  const unknown = (g: Graph) => g.warnings.filter((w) => w.startsWith('shape unknown')).length;
  let g = graph;
  for (let i = 0; i < rounds && unknown(g); i++) {
    const next = runPasses({ ...g, warnings: g.warnings.filter((w) => !w.startsWith('shape unknown')) });
    const before = [...g.values.values()].filter((v) => v.shape).length;
    const after = [...next.values.values()].filter((v) => v.shape).length;
    g = next;
    if (after <= before && unknown(g)) break;
  }
  return g === graph ? { graph, structure } : { graph: g, structure: recognise(g) };
}

export type GenerateEvent =
  | { type: 'phase'; phase: 'plan' | 'reference' | 'write' | 'done'; ms?: number }
  | { type: 'reference'; node: number; total: number };

export interface GenerateOptions {
  board: BoardSpec;
  precision?: PrecisionPlan;
  tiles?: Tiles;
  clockMHz?: number;
  /** Run the float reference and store its output as the golden (default true). */
  golden?: boolean;
  /** Use this plan instead of planning from the structure. */
  plan?: Plan;
  onEvent?: (e: GenerateEvent) => void;
  /** Checked between phases (the reference run itself is one synchronous call). */
  signal?: AbortSignal;
}

export interface GenerateResult extends GeneratedProject { plan: Plan; dir: string; timings: { planMs: number; referenceMs: number; writeMs: number } }

export async function generateFromModel(graph: Graph, structure: ModelStructure, dir: string, opts: GenerateOptions): Promise<GenerateResult> {
  const emit = opts.onEvent ?? (() => {});
  const t0 = performance.now();
  emit({ type: 'phase', phase: 'plan' });
  const plan = opts.plan ?? planFromStructure(structure, { board: opts.board, precision: opts.precision, tiles: opts.tiles, clockMHz: opts.clockMHz });
  const view = buildCodegenModel(graph, structure, plan); // validates before the (slow) reference run
  const input = defaultInput(numel(view.input.shape), `${plan.model.hash}:${view.input.name}`, view.types.pixel);
  const t1 = performance.now();
  const check = () => { if (opts.signal?.aborted) throw new WorkbenchError('E_CANCELLED', 'generation cancelled'); };
  check();
  let golden: Float32Array | undefined;
  if (opts.golden !== false) {
    emit({ type: 'phase', phase: 'reference' });
    golden = referenceOutput(graph, input, (node, total) => emit({ type: 'reference', node, total }));
  }
  const t2 = performance.now();
  check();
  emit({ type: 'phase', phase: 'write' });
  const g = await generateProject(dir, { graph, structure, plan, board: opts.board, input, golden });
  const t3 = performance.now();
  emit({ type: 'phase', phase: 'done', ms: t3 - t0 });
  return { ...g, plan, dir, timings: { planMs: t1 - t0, referenceMs: t2 - t1, writeMs: t3 - t2 } };
}
