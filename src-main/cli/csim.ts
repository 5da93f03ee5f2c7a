/**
 * `fpga-workbench csim PATH [--json] [--debug]`: C-simulate a Vitis HLS project (a directory with a
 * TCL script or hls_config.cfg, or the script itself) with g++ against hls/sim.
 */
import type { Command } from 'commander';
import { inputError } from '../core/errors';
import { csimProject, type CsimResult } from '../csim/csim-project';
import { formatDiagnostic } from '../csim/gcc-diagnostics';
import { csimOutcome } from '../csim/outcome';
import { splitFlags } from '../csim/project';
// Workbench-generated projects (workbench-project.json): per-tensor comparison with the reference.
import { csimGenerated, isGeneratedProject } from '../csim/compare';

interface CsimCliOptions {
  json?: boolean;
  debug?: boolean;
  argv?: string;
  stack?: string;
  timeout?: string;
  buildDir?: string;
  clean?: boolean;
}

export function register(program: Command): void {
  program
    .command('csim')
    .description('C-simulate a Vitis HLS project (TCL script or hls_config.cfg, read — never executed) with g++ against hls/sim')
    .argument('<path>', 'project directory, TCL script or hls_config.cfg')
    .option('--json', 'print the result as JSON on stdout')
    .option('--debug', 'build with -O0 -g instead of -O2')
    .option('--argv <args>', 'testbench arguments (overrides csim_design -argv)')
    .option('--stack <MiB>', 'stack limit for the testbench in MiB', '512')
    .option('--timeout <s>', 'testbench run timeout in seconds', '600')
    .option('--build-dir <dir>', 'private build directory (default: under the OS temp dir)')
    .option('--clean', 'rebuild every object')
    .action(async (target: string, o: CsimCliOptions) => {
      const stackMb = Number(o.stack);
      const timeoutS = Number(o.timeout);
      if (!(stackMb > 0)) throw inputError(`--stack must be a positive number of MiB, got '${o.stack}'`);
      if (!(timeoutS > 0)) throw inputError(`--timeout must be a positive number of seconds, got '${o.timeout}'`);
      const ac = new AbortController();
      const onSig = () => ac.abort();
      process.once('SIGINT', onSig);
      const out = (s: string) => {
        if (!o.json) process.stdout.write(s + '\n');
      };
      try {
        const result = await (isGeneratedProject(target) ? csimGenerated : csimProject)(target, {
          debug: o.debug,
          argv: o.argv !== undefined ? splitFlags(o.argv) : undefined,
          stackMb,
          runTimeoutMs: timeoutS * 1000,
          buildDir: o.buildDir,
          clean: o.clean,
          signal: ac.signal,
          onEvent: (e) => {
            if (o.json) return;
            if (e.type === 'phase' && e.phase === 'build') out(`building with g++ ${o.debug ? '-O0 -g' : '-O2'} against hls/sim`);
            else if (e.type === 'compile') out(`  [${e.index}/${e.total}] ${e.reused ? 'up to date' : 'compile'} ${e.file}`);
            else if (e.type === 'diagnostic') out(formatDiagnostic(e.diagnostic));
            else if (e.type === 'info') out(e.message);
            else if (e.type === 'output') out(e.line);
            else if (e.type === 'phase' && e.phase === 'run') out('running the testbench');
          },
        });
        if (o.json) process.stdout.write(JSON.stringify(toJson(result), null, 2) + '\n');
        else printSummary(result, out);
        process.exitCode = result.pass ? 0 : 1;
      } finally {
        process.removeListener('SIGINT', onSig);
      }
    });
}

/** The machine-readable result. `comparisons` is present for workbench-generated projects. */
export function toJson(r: CsimResult) {
  return {
    ...csimOutcome(r),
    errors: r.errors,
    warnings: r.warnings,
    buildMs: Math.round(r.buildMs),
    runMs: Math.round(r.runMs),
    optimization: r.optimization,
    ignoredCommands: r.ignoredCommands,
    projectWarnings: r.projectWarnings,
    stackLimit: r.stackLimit ?? null,
    project: {
      source: r.project.source,
      top: r.project.top ?? null,
      part: r.project.part ?? null,
      clockPeriodNs: r.project.clockPeriodNs ?? null,
      designFiles: r.project.designFiles.map((f) => f.as),
      tbFiles: r.project.tbFiles.map((f) => f.as),
      argv: r.project.csim.argv,
    },
    buildDir: r.buildDir,
    ...(r.comparisons ? { comparisons: r.comparisons } : {}),
  };
}

function printSummary(r: CsimResult, out: (s: string) => void): void {
  if (r.ignoredCommands.length) {
    out(`ignored ${r.ignoredCommands.length} command(s) of the script (read, never executed):`);
    for (const c of r.ignoredCommands) out(`  ${c.file}:${c.line}: ${c.name} — ${c.reason}`);
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  if (r.stage === 'build') {
    out(r.cancelled ? 'CSIM CANCELLED during the build' : `CSIM FAIL: build failed with ${r.errors.length} error(s) (build ${s(r.buildMs)})`);
    return;
  }
  const why = r.cancelled ? 'cancelled' : r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`;
  for (const c of r.comparisons ?? []) out(`  ${c.pass ? 'ok  ' : 'FAIL'} ${c.tensor}: max abs ${c.maxAbsError.toExponential(3)}, mean abs ${c.meanAbsError.toExponential(3)}, cosine ${c.cosine.toFixed(6)}`);
  out(`CSIM ${r.pass ? 'PASS' : 'FAIL'} (${why}); build ${s(r.buildMs)}, run ${s(r.runMs)}${r.stackLimit ? `; ${r.stackLimit.text}` : ''}`);
  if (r.signal === 'SIGSEGV') out('hint: a segmentation fault is often a stack overflow from large local arrays; try a larger --stack, or --debug to locate it');
}
