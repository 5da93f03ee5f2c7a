import type { Command } from 'commander';
import path from 'node:path';
import { writeJsonAtomic } from '../core/atomic-write';
import { WorkbenchError, inputError } from '../core/errors';
import { formatFigure, type Figure } from '../core/figure';
import { loadBoard } from '../boards/registry';
import { newRun, runDir, RunRecorder } from '../project/runs';
import { connect, type MeasurementSummary } from '../measure/session';
import { startEmulator } from '../measure/emulator';
import { measurementRunFigures } from '../measure/run-figures';

const num = (v: string, name: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw inputError(`--${name} must be a non-negative number, got '${v}'`, { field: name });
  return n;
};

function printSummary(s: MeasurementSummary, out: (l: string) => void): void {
  const st = s.stats;
  const f = (x?: Figure) => (x ? formatFigure(x) : 'n/a');
  const src = `[${s.source}]`;
  out(`source: ${s.source} — agent ${s.agent.agent}, backend ${s.agent.backend}, board ${s.board}, port ${s.port}`);
  out(`samples received: ${st.link.received.powerSamples} power, ${st.link.received.latencySamples} latency ${src}`);
  const ls = st.link.lostSamples;
  out(`lost: ${st.link.lostBatches} batches${ls ? ` (${ls.power} power / ${ls.latency} latency samples)` : ''} ${src}`);
  out(`duplicated: ${st.link.duplicates} batches (+${st.link.retransmitDuplicates} extra retransmit copies; all dropped, never stored twice) ${src}`);
  out(`CRC rejects: ${st.link.crcRejects} frames (crc ${st.link.rejects.crc}, syntax ${st.link.rejects.syntax}, length ${st.link.rejects.length}); recovered by retransmit: ${st.link.recovered} ${src}`);
  if (st.powerRateHz) out(`power sample rate: ${f(st.powerRateHz)}`);
  out(`latency p50: ${f(st.latencyP50)}  p99: ${f(st.latencyP99)}  mean: ${f(st.latencyMean)}`);
  if (!st.rails.length) out('power: this board/agent reports no rails (no on-board power monitor)');
  for (const r of st.rails) out(`power ${r.rail.padEnd(16)} ${r.group.padEnd(5)} mean ${f(r.meanW)}`);
  for (const [g, w] of Object.entries(st.groups)) out(`power group ${g.padEnd(6)} ${f(w)}`);
  if (st.energyPerInference) out(`energy per inference: ${f(st.energyPerInference.total)} all rails${st.energyPerInference.pl ? `, ${f(st.energyPerInference.pl)} PL` : ''}`);
  out(`ended: ${s.reason} — ${s.message}`);
  if (s.recordDir) out(`record: ${s.recordDir}`);
}

export function register(program: Command): void {
  program
    .command('measure')
    .description('measure latency and power on a board running fw-agent (or the emulator) over a serial port')
    .requiredOption('--port <path>', 'serial port path (e.g. /dev/ttyUSB0, or the pty emulate-board printed)')
    .requiredOption('--board <id>', 'board id (fpga-workbench boards)')
    .requiredOption('--seconds <n>', 'measurement duration')
    .option('--rate <hz>', 'power samples per second', '1000')
    .option('--inferences <n>', 'stop after this many inferences (default: run for --seconds)')
    .option('--no-inferences', 'sample power only, run no inferences')
    .option('--baud <n>', 'baud rate', '115200')
    .option('--project <dir>', 'project directory: the record goes to <dir>/.workbench/runs/<id>/', '.')
    .option('--out <file>', 'also write the summary JSON to this file')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { port: string; board: string; seconds: string; rate: string; inferences?: string | boolean; baud: string; project: string; out?: string; json?: boolean }) => {
      loadBoard(o.board); // unknown board: fail before touching the port
      const seconds = num(o.seconds, 'seconds');
      if (seconds <= 0) throw inputError('--seconds must be > 0', { field: 'seconds' });
      const rateHz = num(o.rate, 'rate');
      const log = (l: string) => (o.json ? process.stderr : process.stdout).write(l + '\n');
      const run = newRun(o.project, { kind: 'measure', steps: ['measure'] });
      const rec = new RunRecorder(run);
      const dir = runDir(run.projectDir, run.id);
      const session = await connect({ path: o.port, board: o.board, baud: num(o.baud, 'baud') });
      const hello = session.hello!;
      log(`connected: ${hello.agent} on ${o.port}, board ${hello.board}, ${hello.rails.length} rails, ${hello.mode}`);
      session.on('warning', (w: { message: string }) => process.stderr.write(`warning: ${w.message}\n`));
      session.on('state', (e: { state: string; message?: string }) => {
        if (e.state === 'reconnecting' && e.message) process.stderr.write(`${e.message}\n`);
      });
      const onSig = () => void session.stop().catch(() => {});
      process.once('SIGINT', onSig);
      let summary: MeasurementSummary;
      try {
        await rec.update((r) => {
          r.status = 'running';
          r.steps[0].status = 'running';
          r.steps[0].startedAt = new Date().toISOString();
        });
        await session.start({
          rateHz,
          seconds,
          recordDir: dir,
          ...(typeof o.inferences === 'string' ? { inferences: num(o.inferences, 'inferences') } : {}),
          ...(o.inferences === false ? { runInferences: false } : {}),
        });
        summary = await session.whenEnded();
      } finally {
        process.off('SIGINT', onSig);
        await session.close();
      }
      const failed = summary.reason === 'agent-lost' || summary.reason === 'port-lost' || summary.reason === 'error';
      await rec.update((r) => {
        r.status = failed ? 'failed' : 'done';
        r.steps[0].status = failed ? 'failed' : 'done';
        r.steps[0].endedAt = summary.endedAt;
        r.steps[0].reason = summary.message;
        r.figures = measurementRunFigures(summary);
        r.reports.push({ kind: 'measure', file: path.relative(run.projectDir, path.join(dir, 'measure.json')), data: { source: summary.source, run: summary.run } });
      });
      if (o.out) await writeJsonAtomic(path.resolve(o.out), summary);
      if (o.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      else printSummary(summary, (l) => process.stdout.write(l + '\n'));
      if (failed) {
        process.stderr.write(`error: ${summary.message}\n`);
        process.exitCode = 1;
      }
    });

  program
    .command('emulate-board')
    .description('run the host-built agent behind a socat pty pair and print the port to measure (everything it reports is labelled emulated)')
    .requiredOption('--board <id>', 'board id (its rails are emulated)')
    .option('--latency-ms <x>', "mean inference latency (the plan's estimate)", '5')
    .option('--power-w <w>', 'PL power estimate to spread over the rails', '2')
    .option('--seed <n>', 'seed of the deterministic noise', '1')
    .option('--chatter-ms <n>', 'emit fake kernel console lines every N ms', '0')
    .option('--json', 'print {"port": …} as one JSON line')
    .action(async (o: { board: string; latencyMs: string; powerW: string; seed: string; chatterMs: string; json?: boolean }) => {
      const emu = await startEmulator({
        board: o.board,
        latencyMs: num(o.latencyMs, 'latency-ms'),
        plPowerW: num(o.powerW, 'power-w'),
        seed: num(o.seed, 'seed'),
        chatterMs: num(o.chatterMs, 'chatter-ms'),
      });
      const info = emu.info;
      if (o.json) process.stdout.write(JSON.stringify({ port: info.hostPath, board: info.board, latencyMs: info.latencyMs, rails: info.rails, source: 'emulated' }) + '\n');
      else {
        process.stdout.write(`emulated ${info.board} on ${info.hostPath}  (agent end ${info.agentPath}, latency ${info.latencyMs} ms, ${info.rails.length} rails) [emulated]\n`);
        process.stdout.write(`measure it:  fpga-workbench measure --port ${info.hostPath} --board ${info.board} --seconds 10\n`);
        process.stdout.write('Ctrl-C stops the emulator.\n');
      }
      await new Promise<void>((resolve, reject) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        emu.once('agent-exit', (e: { code: number | null; signal: string | null }) =>
          reject(new WorkbenchError('E_TOOL', `the emulated agent exited (${e.signal ?? e.code}): ${emu.agentLog.trim().split('\n').slice(-3).join(' | ')}`)),
        );
        emu.once('socat-exit', (e: { code: number | null }) => reject(new WorkbenchError('E_TOOL', `socat exited (${e.code})`)));
      }).finally(() => emu.stop());
      if (!o.json) process.stdout.write('emulator stopped\n');
    });
}
