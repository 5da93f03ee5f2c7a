import type { Command } from 'commander';
import { runDoctor } from '../toolchain/doctor';

export function register(program: Command): void {
  program
    .command('doctor')
    .description('check what this machine offers (Node, g++, socat, Chromium, Vitis HLS / Vivado, serial permissions) and what is missing')
    .option('--json', 'machine-readable output')
    .action(async (o: { json?: boolean }) => {
      const checks = await runDoctor();
      if (o.json) process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
      else for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : c.required ? 'FAIL' : 'miss'}  ${c.name.padEnd(14)} ${c.detail}\n`);
      if (checks.some((c) => c.required && !c.ok)) process.exitCode = 1;
    });
}
