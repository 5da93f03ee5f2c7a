import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { formatFigure, type Figure } from '../core/figure';
import { listRuns, loadRun } from '../project/runs';
import { parseReportFile } from '../toolchain/parsers/report-detect';

export function register(program: Command): void {
  program
    .command('report')
    .description('print the parsed figures of a report file (csynth xml/rpt, export, utilization, timing, power, HLS log), of a run dir, or the run history of a project')
    .argument('<fileOrRunDir>', 'a report file, a run dir (…/.workbench/runs/<id>) or a project dir')
    .option('--json', 'machine-readable output')
    .action(async (target: string, o: { json?: boolean }) => {
      const abs = path.resolve(target);
      const json = (v: unknown): void => { process.stdout.write(JSON.stringify(v, null, 2) + '\n'); };
      if (statSync(abs).isDirectory()) {
        if (existsSync(path.join(abs, 'run.json'))) {
          const projectDir = path.resolve(abs, '..', '..', '..');
          const run = await loadRun(projectDir, path.basename(abs));
          if (o.json) return json(run);
          process.stdout.write(`run ${run.id} (${run.kind}) ${run.status}\n`);
          for (const s of run.steps) {
            process.stdout.write(`  ${s.name.padEnd(9)} ${s.status.padEnd(11)} ${s.reason ?? ''}${s.logPath ? `  log: ${path.join(abs, s.logPath)}` : ''}\n`);
            for (const e of s.firstErrors) process.stdout.write(`      line ${e.line}: ${e.severity}: [${e.id}] ${e.text}\n`);
          }
          printFigures(run.figures);
          return;
        }
        const { runs, errors } = await listRuns(abs);
        if (o.json) return json({ runs, errors });
        for (const r of runs) process.stdout.write(`${r.id}  ${r.status.padEnd(11)} ${r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(1)} s` : ''}\n`);
        for (const e of errors) process.stdout.write(`unreadable: ${e.message}\n`);
        if (!runs.length && !errors.length) process.stdout.write('no runs recorded in this project\n');
        return;
      }
      const r = await parseReportFile(abs);
      if (o.json) return json(r);
      process.stdout.write(`${r.kind}: ${r.file}${r.tool ? `  (${r.tool}${r.toolVersion ? ' ' + r.toolVersion : ''})` : ''}\n`);
      printFigures(r.figures);
    });
}

function printFigures(figures: Record<string, Figure>): void {
  for (const [k, f] of Object.entries(figures)) process.stdout.write(`  ${k.padEnd(24)} ${formatFigure(f)}  source: ${f.note ?? f.source}\n`);
}
