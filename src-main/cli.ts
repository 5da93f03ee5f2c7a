#!/usr/bin/env node
/**
 * `fpga-workbench` — the command line. Each subcommand lives in src-main/cli/<name>.ts and exports
 * `register(program)`; they call the same core functions as the API and the UI.
 */
import { Command } from 'commander';
import { serializeError, WorkbenchError } from './core/errors';
import { registerAll } from './cli/index';

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name('fpga-workbench')
    .description('ViT / MoE-ViT from ONNX to a measured FPGA accelerator: import, estimate, generate, csim, build, measure.')
    .showHelpAfterError()
    .exitOverride();
  await registerAll(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    const e = serializeError(err);
    process.stderr.write(`error: ${e.message}\n`);
    if (e.details?.length) for (const d of e.details) process.stderr.write(`  - ${d}\n`);
    if (!(err instanceof WorkbenchError) && process.env.FPGA_WORKBENCH_DEBUG) process.stderr.write(String((err as Error).stack) + '\n');
    return 1;
  }
}
