/**
 * Test helper: write a model with the test ONNX writer (the way exporters write them, random weights),
 * import it as a user would, generate the project, C-simulate it and compare with the reference.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildVit, type VitOptions, type MoeOptions } from '../../onnx-writer/vit';
import { importModel } from '../../../src-main/graph/import-model';
import { loadBoard } from '../../../src-main/boards/registry';
import { generateFromModel, settleShapes, type GenerateResult } from '../../../src-main/codegen/from-model';
import { parsePrecision } from '../../../src-main/plan/precision';
import '../../../src-main/csim/compare';
import { csimProject, type CsimResult } from '../../../src-main/csim/csim-project';

export async function writeModel(dir: string, opts: VitOptions & { moe?: MoeOptions }, file = 'model.onnx'): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const built = buildVit(opts);
  return built.writer.write(dir, file);
}

export async function generateAndCsim(modelFile: string, outDir: string, opts: { precision?: string; board?: string } = {}): Promise<{ gen: GenerateResult; csim: CsimResult }> {
  const imported = await importModel(modelFile);
  const m = settleShapes(imported.graph, imported.structure);
  const gen = await generateFromModel(m.graph, m.structure, outDir, { board: loadBoard(opts.board ?? 'zcu102'), precision: parsePrecision(opts.precision) });
  const csim = await csimProject(outDir, { buildDir: path.join(path.dirname(outDir), `${path.basename(outDir)}-build`) });
  return { gen, csim };
}
