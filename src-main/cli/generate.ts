/**
 * `fpga-workbench generate MODEL --board BOARD --out DIR [--precision …] [--tiles …] [--clock MHZ]
 * [--no-golden] [--json]`: write the Vitis HLS project of a model (kernels, weights, testbench with the
 * float reference's output as golden, run_hls.tcl, run_vivado.tcl).
 */
import type { Command } from 'commander';
import { inputError } from '../core/errors';
import { importModel } from '../graph/import-model';
import { loadBoard } from '../boards/registry';
import { parsePrecision } from '../plan/precision';
import { parseTiles } from '../plan/tiles';
import { generateFromModel, settleShapes } from '../codegen/from-model';

interface GenerateCliOptions { board: string; out: string; precision?: string; tiles?: string; clock?: string; golden: boolean; json?: boolean }

export function register(program: Command): void {
  program
    .command('generate')
    .description('generate the Vitis HLS project (Edge-MoE-style kernels, quantised weights, testbench, TCL) for a model')
    .argument('<model>', 'ONNX file (with weights)')
    .requiredOption('--board <id>', 'board id (boards/<id>.json), e.g. zcu102')
    .requiredOption('--out <dir>', 'project directory to write (replaced atomically)')
    .option('--precision <spec>', 'precision: preset (int8, w16a32, …) and/or KEY=W.I items (act, weight, bias, acc, norm, softmax, or a tensor/layer name)')
    .option('--tiles <spec>', 'tiles: in=16,out=16,heads=1,keys=4')
    .option('--clock <MHz>', 'target clock in MHz (default: the board default)')
    .option('--no-golden', 'skip the float reference run (no golden output in the testbench)')
    .option('--json', 'machine-readable output')
    .action(async (model: string, o: GenerateCliOptions) => {
      const clockMHz = o.clock !== undefined ? Number(o.clock) : undefined;
      if (clockMHz !== undefined && !(clockMHz > 0)) throw inputError(`--clock must be a positive number of MHz, got '${o.clock}'`, { field: 'clock' });
      const board = loadBoard(o.board);
      const imported = await importModel(model);
      const m = settleShapes(imported.graph, imported.structure);
      const log = (s: string) => { if (!o.json) process.stderr.write(s + '\n'); };
      const r = await generateFromModel(m.graph, m.structure, o.out, {
        board, precision: parsePrecision(o.precision), tiles: parseTiles(o.tiles), clockMHz, golden: o.golden,
        onEvent: (e) => { if (e.type === 'phase' && e.phase !== 'done') log(`${e.phase}…`); },
      });
      const summary = {
        dir: r.dir,
        project: r.manifest.project,
        top: r.manifest.top,
        board: r.plan.board,
        part: r.plan.part,
        clockMHz: r.plan.clockMHz,
        precision: r.manifest.precision,
        tolerance: r.manifest.tolerance,
        golden: r.manifest.outputs.some((x) => x.golden),
        files: r.manifest.files,
        notes: r.manifest.notes,
        warnings: r.manifest.warnings,
        timings: r.timings,
      };
      if (o.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        return;
      }
      process.stdout.write(`wrote ${r.manifest.files.length + 1} files to ${r.dir} (top ${r.manifest.top}, ${r.plan.part} @ ${r.plan.clockMHz} MHz)\n`);
      for (const w of r.manifest.warnings) process.stdout.write(`warning: ${w}\n`);
      process.stdout.write(`next: fpga-workbench csim ${JSON.stringify(r.dir)}\n`);
    });
}
