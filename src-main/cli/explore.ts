/**
 * `fpga-workbench explore (MODEL | --arch SPEC | --preset NAME) --board B --budget N [--json]`: sweep
 * tile sizes, precisions and clocks; print the Pareto front of latency against DSP / LUT / BRAM / power
 * among the plans that fit the board with headroom (and meet --latency when given).
 */
import type { Command } from 'commander';
import os from 'node:os';
import { inputError } from '../core/errors';
import { loadBoard } from '../boards/registry';
import { explore, type ExploreSummary } from '../dse/explore';
import { getCalibration } from '../estimate/calibration';
import { loadStructure, table } from './estimate';
import { formatTiles } from '../plan/tiles';

const list = (text: string | undefined, field: string): number[] | undefined => {
  if (text === undefined) return undefined;
  const xs = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!xs.length || xs.some((x) => !Number.isFinite(x) || x <= 0)) throw inputError(`--${field} must be a comma-separated list of positive numbers, got '${text}'`, { field });
  return xs;
};

export function formatFront(s: ExploreSummary, boardName: string): string {
  const out: string[] = [];
  out.push(`explored ${s.evaluated} of ${s.spaceSize} plans${s.cancelled ? ' (cancelled)' : ''} in ${(s.durationMs / 1e3).toFixed(2)} s (${Math.round(s.plansPerSecond)} plans/s, ${s.workers || 'no'} worker thread(s)); ${s.feasible} feasible on ${boardName}`);
  out.push(`Pareto front (${s.front.length} plans; latency vs DSP, LUT, BRAM18K, power — all figures [estimate]):`);
  out.push(
    table(
      ['tiles', 'precision', 'MHz', 'weights in BRAM', 'latency ms', 'DSP', 'LUT', 'FF', 'BRAM18K', 'power W', 'GOPS'],
      s.front.map((p) => [
        formatTiles(p.tiles), p.precision, String(p.clockMHz), p.weightBram ? `≤ ${Math.round(p.weightBram * 100)} %` : 'none', p.latencyMs.toFixed(3),
        String(p.dsp), p.lut.toLocaleString('en-US'), p.ff.toLocaleString('en-US'), String(p.bram18k), p.powerW.toFixed(2), p.gops.toFixed(1),
      ]),
      3,
    ),
  );
  return out.join('\n');
}

export function register(program: Command): void {
  program
    .command('explore')
    .description('design-space exploration: Pareto front of latency against DSP / LUT / BRAM / power (estimates)')
    .argument('[model]', 'ONNX model file')
    .option('--arch <spec>', 'architecture spec')
    .option('--preset <name>', 'named architecture')
    .requiredOption('--board <id>', 'board id')
    .option('--budget <n>', 'most plans to evaluate', '2000')
    .option('--precisions <list>', 'precisions to sweep, e.g. default,w16a32,int8', 'default,w16a32,int8')
    .option('--clocks <list>', 'clocks to sweep in MHz, e.g. 200,250,300 (default: the board default)')
    .option('--latency <ms>', 'latency target: slower plans are infeasible')
    .option('--no-headroom', 'accept plans up to 100 % utilisation (default: FINN headroom limits)')
    .option('--workers <n>', 'worker threads (default: cores − 1, 0 = this thread)')
    .option('--seed <n>', 'sampling seed when the space exceeds the budget', '1')
    .option('--json', 'machine-readable JSON on stdout')
    .action(async (model: string | undefined, o: { arch?: string; preset?: string; board: string; budget: string; precisions: string; clocks?: string; latency?: string; headroom: boolean; workers?: string; seed: string; json?: boolean }) => {
      const board = loadBoard(o.board);
      const budget = Number(o.budget);
      if (!Number.isInteger(budget) || budget < 1) throw inputError(`--budget must be a whole number ≥ 1, got '${o.budget}'`, { field: 'budget' });
      const latency = o.latency !== undefined ? list(o.latency, 'latency')![0] : undefined;
      const workers = o.workers !== undefined ? Number(o.workers) : Math.max(0, Math.min(4, os.cpus().length - 1));
      if (!Number.isInteger(workers) || workers < 0) throw inputError(`--workers must be a whole number ≥ 0, got '${o.workers}'`, { field: 'workers' });
      const { structure } = await loadStructure({ model, arch: o.arch, preset: o.preset });
      const precisions = o.precisions.split(',').map((s) => s.trim()).filter(Boolean);
      const clocks = list(o.clocks, 'clocks');
      const ac = new AbortController();
      const onSig = () => ac.abort();
      process.once('SIGINT', onSig);
      try {
        const summary = await explore(
          {
            structure,
            board,
            budget,
            seed: Number(o.seed) || 1,
            space: { precisions, ...(clocks ? { clocks } : {}) },
            constraints: { headroom: o.headroom !== false, ...(latency !== undefined ? { latencyMs: latency } : {}) },
            calibration: getCalibration(board.family),
            workers: budget < 20_000 ? 0 : workers, // thread start-up (~1 s with tsx) costs more than a small sweep
          },
          undefined,
          ac.signal,
        );
        if (o.json) process.stdout.write(JSON.stringify({ source: 'estimate', board: board.id, model: structure.name, ...summary }, null, 2) + '\n');
        else process.stdout.write(formatFront(summary, board.name) + '\n');
      } finally {
        process.off('SIGINT', onSig);
      }
    });
}
