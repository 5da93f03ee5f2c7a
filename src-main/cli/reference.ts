/**
 * `fpga-workbench reference MODEL --input NAME=FILE.pb … --out DIR [--dim NAME=N]… [--json]`:
 * runs the float reference executor and writes each output as an ONNX TensorProto `.pb`.
 */
import type { Command } from 'commander';
import { inputError } from '../core/errors';
import { runReference } from '../graph/reference-run';

export function register(program: Command): void {
  program
    .command('reference')
    .description('run the float32 reference executor on a model; write each output as an ONNX TensorProto .pb')
    .argument('<model>', 'ONNX file')
    .option('--input <name=file.pb>', 'input tensor (repeatable); a bare FILE binds to the next model input', collect, [] as string[])
    .requiredOption('--out <dir>', 'directory for the output .pb files')
    .option('--dim <name=value>', 'value for a dynamic input dim (repeatable)', collect, [] as string[])
    .option('--json', 'machine-readable output')
    .action(async (model: string, o: { input: string[]; out: string; dim: string[]; json?: boolean }) => {
      const inputs: Record<string, string> = {};
      let pos = 0;
      for (const s of o.input) {
        const eq = s.indexOf('=');
        if (eq > 0) inputs[s.slice(0, eq)] = s.slice(eq + 1);
        else if (eq < 0) inputs[`#${pos++}`] = s;
        else throw inputError(`--input '${s}': expected NAME=FILE.pb`);
      }
      const dims: Record<string, number> = {};
      for (const s of o.dim) {
        const m = /^(.+)=(\d+)$/.exec(s);
        if (!m) throw inputError(`--dim '${s}': expected NAME=N`);
        dims[m[1]] = Number(m[2]);
      }
      const res = await runReference({ model, inputs, outDir: o.out, dims });
      if (o.json) {
        process.stdout.write(JSON.stringify(res, null, 1) + '\n');
        return;
      }
      for (const r of res.outputs) process.stdout.write(`${r.name}\t${r.dtype}[${r.dims.join(', ')}]\t${r.file}\n`);
      process.stdout.write(`import ${res.timings.importMs.toFixed(0)} ms, passes ${res.timings.passesMs.toFixed(0)} ms, execute ${res.timings.executeMs.toFixed(0)} ms\n`);
      for (const w of res.warnings) process.stdout.write(`warning: ${w}\n`);
    });
}

function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}
