import { discoveryPaths, readSettings } from '../project/settings';
import path from 'node:path';
import type { Command } from 'commander';
import { formatFigure } from '../core/figure';
import { runBuild, normaliseSteps, type BuildEvent, type BuildStepName } from '../toolchain/build';

export function register(program: Command): void {
  program
    .command('build')
    .description('one-click build of an HLS project dir: generate → csim → csynth → (cosim) → export → impl → reports, recorded under DIR/.workbench/runs')
    .argument('<dir>', 'project directory (holds run_hls.tcl, optional run_vivado.tcl)')
    .option('--steps <list>', 'comma-separated steps (generate,csim,csynth,cosim,export,impl,reports)')
    .option('--from <step>', 'start from this step (earlier ones are skipped)')
    .option('--resume <runId>', 'continue an earlier run in its own work dir (from --from, or its first unfinished step)')
    .option('--tool-path <path...>', 'where the Xilinx tools are (install dir, bin dir, settings64.sh, or root)')
    .option('--timeout <seconds>', 'timeout of each tool step')
    .option('--json', 'print the final run record as JSON on stdout')
    .action(async (dir: string, o: { steps?: string; from?: string; resume?: string; toolPath?: string[]; timeout?: string; json?: boolean }) => {
      const steps = o.steps ? normaliseSteps(o.steps.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
      const tty = !o.json && process.stdout.isTTY;
      let barOpen = false;
      const out = (s: string) => {
        if (o.json) return;
        if (barOpen) { process.stdout.write('\r\x1b[2K'); barOpen = false; }
        process.stdout.write(s + '\n');
      };
      const onEvent = (e: BuildEvent) => {
        if (e.type === 'step') {
          const s = e.step;
          if (s.status === 'running') out(`▶ ${s.name}`);
          else out(`${s.status === 'done' ? '✔' : s.status === 'skipped' ? '·' : '✘'} ${s.name} ${s.status}${s.reason ? `: ${s.reason}` : ''}`);
          for (const err of s.status === 'failed' ? s.firstErrors : []) out(`    line ${err.line}: ${err.severity}: [${err.id}] ${err.text}`);
        } else if (e.type === 'progress') {
          if (tty) {
            const n = Math.round(e.progress.percent / 4);
            process.stdout.write(`\r\x1b[2K[${'#'.repeat(n)}${'.'.repeat(25 - n)}] ${String(e.progress.percent).padStart(3)}% ${e.progress.stage.slice(0, 60)}`);
            barOpen = true;
          } else if (!o.json) out(`  ${e.step}: ${e.progress.percent}% ${e.progress.stage}`);
        } else if (e.type === 'run' && (e.run.status !== 'running' && e.run.status !== 'queued')) {
          out(`run ${e.run.id}: ${e.run.status}`);
        }
      };
      const ctrl = new AbortController();
      const onSig = () => ctrl.abort();
      process.once('SIGINT', onSig);
      process.once('SIGTERM', onSig);
      try {
        const timeout = o.timeout ? Number(o.timeout) * 1000 : undefined;
        const run = await runBuild({
          projectDir: path.resolve(dir),
          steps,
          fromStep: o.from as BuildStepName | undefined,
          resumeRunId: o.resume,
          tools: { paths: [...(o.toolPath ?? []), ...discoveryPaths(await readSettings())] },
          timeoutsMs: timeout ? { csynth: timeout, cosim: timeout, export: timeout, impl: timeout } : undefined,
          onEvent,
          signal: ctrl.signal,
        });
        if (o.json) process.stdout.write(JSON.stringify(run, null, 2) + '\n');
        else {
          const figs = Object.entries(run.figures);
          if (figs.length) out('figures:');
          for (const [k, f] of figs) out(`  ${k.padEnd(24)} ${formatFigure(f)}  (${f.note ?? ''})`);
          out(`record: ${path.join(path.resolve(dir), '.workbench', 'runs', run.id, 'run.json')}`);
        }
        process.exitCode = run.status === 'done' ? 0 : 1;
      } finally {
        process.off('SIGINT', onSig);
        process.off('SIGTERM', onSig);
      }
    });
}
