import { discoveryPaths, readSettings } from '../project/settings';
import type { Command } from 'commander';
import { discoverTools, explainMissing } from '../toolchain/discovery';

export function register(program: Command): void {
  program
    .command('tools')
    .description('find Vitis HLS / vitis-run / v++ / Vivado HLS / Vivado (Settings paths, XILINX_* env, PATH, /tools/Xilinx, /opt/Xilinx) and print their versions')
    .option('--path <path...>', 'extra places to look (install dir, bin dir, settings64.sh or root)')
    .option('--no-probe', 'do not run `<tool> -version`')
    .option('--json', 'machine-readable output')
    .action(async (o: { path?: string[]; probe?: boolean; json?: boolean }) => {
      const d = await discoverTools({ paths: [...(o.path ?? []), ...discoveryPaths(await readSettings())], probe: o.probe });
      if (o.json) { process.stdout.write(JSON.stringify(d, null, 2) + '\n'); return; }
      for (const t of d.tools) process.stdout.write(`${t.name.padEnd(11)} ${(t.version ?? '?').padEnd(9)} ${t.path}  (found via ${t.from}${t.settings64 ? `, settings ${t.settings64}` : ''})\n`);
      process.stdout.write(`HLS tool for builds:    ${d.hls ? `${d.hls.name} ${d.hls.version ?? ''} ${d.hls.path}` : explainMissing('hls', d)}\n`);
      process.stdout.write(`Vivado for builds:      ${d.vivado ? `${d.vivado.version ?? ''} ${d.vivado.path}` : explainMissing('vivado', d)}\n`);
    });
}
