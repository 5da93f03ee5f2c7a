/**
 * `fpga-workbench import (MODEL | --arch SPEC | --preset NAME) [--json] [--dim NAME=VALUE]…`:
 * prints what the workbench understood of a model — layers with shapes, params and MACs, totals —
 * and every node it could not place.
 */
import type { Command } from 'commander';
import { inputError } from '../core/errors';
import { importModel, type ImportRequest } from '../graph/import-model';
import type { ModelStructure } from '../graph/ir';

export function register(program: Command): void {
  program
    .command('import')
    .description('import an ONNX model (or build one from --arch / --preset) and print the recognised ViT / MoE-ViT structure')
    .argument('[model]', 'ONNX file')
    .option('--arch <spec>', 'architecture spec, e.g. vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4[,experts=16,topk=4,moe-every=2]')
    .option('--preset <name>', 'named architecture: m3vit-t, vit-tiny, vit-small, vit-base')
    .option('--dim <name=value>', 'value for a dynamic input dim (repeatable); batch defaults to 1', collect, [] as string[])
    .option('--json', 'machine-readable output')
    .action(async (model: string | undefined, o: { arch?: string; preset?: string; dim: string[]; json?: boolean }) => {
      const req: ImportRequest = { file: model, arch: o.arch, preset: o.preset, dims: parseDims(o.dim) };
      const res = await importModel(req);
      if (o.json) {
        process.stdout.write(JSON.stringify({
          structure: res.structure,
          source: res.graph.source,
          warnings: res.graph.warnings,
          timings: res.timings,
        }, null, 1) + '\n');
        return;
      }
      process.stdout.write(formatStructure(res.structure));
      for (const w of res.graph.warnings) process.stdout.write(`warning: ${w}\n`);
    });
}

function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}

function parseDims(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) {
    const m = /^([^=]+)=(\d+)$/.exec(it.trim());
    if (!m || Number(m[2]) < 1) throw inputError(`--dim expects NAME=POSITIVE_INTEGER, got '${it}'`, { field: 'dim' });
    out[m[1].trim()] = Number(m[2]);
  }
  return out;
}

const fmtInt = (n: number) => n.toLocaleString('en-US');
const fmtShape = (s: number[]) => `[${s.join(',')}]`;

/** The layer table, totals and unplaced nodes as plain text. */
export function formatStructure(s: ModelStructure): string {
  const rows = [['layer', 'kind', 'in', 'out', 'params', 'MACs']];
  for (const l of s.layers) rows.push([l.name, l.kind, fmtShape(l.inputShape), fmtShape(l.outputShape), fmtInt(l.params), fmtInt(l.macs)]);
  const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const right = new Set([4, 5]);
  const line = (r: string[]) => r.map((v, c) => (right.has(c) ? v.padStart(width[c]) : v.padEnd(width[c]))).join('  ').trimEnd();
  const out: string[] = [`model ${s.name}: ${s.kind}, ${s.blocks} encoder block(s), ${s.layers.length} layers`, line(rows[0]), width.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows.slice(1)) out.push(line(r));
  const batch = s.layers[0]?.inputShape[0] ?? 1;
  out.push(`total: ${fmtInt(s.totals.params)} params, ${fmtInt(s.totals.macs)} MACs per inference (batch ${batch})`);
  if (s.unplaced.length) {
    out.push(`unplaced nodes (${s.unplaced.length}):`);
    for (const u of s.unplaced) out.push(`  ${u.name} (${u.opType})`);
  } else out.push('unplaced nodes: none');
  return out.join('\n') + '\n';
}
