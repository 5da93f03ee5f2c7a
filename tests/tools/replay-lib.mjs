// TEST-ONLY stand-in for the AMD/Xilinx tools. Never used outside tests: nothing under src-main refers
// to it. It replays a REAL recorded log from ../shared/fixtures/reports line by line with small delays,
// writes that fixture's report files where the real tool would (relative to its cwd, following the
// project / solution named in the Tcl it is given), and exits with the recorded status.
//
// Environment:
//   REPLAY_FIXTURE   fixture folder (absolute, or relative to ../shared/fixtures/reports)
//   REPLAY_LOG       log file name inside it (default: vitis_hls.log / *.vdi / vivado.log)
//   REPLAY_DELAY_MS  delay per line (default 0 → one event-loop turn per 20 lines)
//   REPLAY_MODE      normal | crash (SIGSEGV-style exit 139 halfway) | signal (kills itself with SIGSEGV)
//                    | hang (prints a few lines, spawns a grandchild, never ends) | half-report (truncated report)
//   REPLAY_IGNORE_TERM=1  ignore SIGTERM (tests the SIGKILL escalation)
//   REPLAY_PID_FILE  where 'hang' writes "<pid> <grandchild pid>"
//   REPLAY_EXIT      force the exit status
//   REPLAY_TOOL_VERSION  version printed by -version (default: the fixture log's banner)
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync, appendFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', '..', '..', 'shared', 'fixtures', 'reports');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function main(tool) {
  const argv = process.argv.slice(2);
  const env = process.env;
  if (env.REPLAY_IGNORE_TERM === '1') process.on('SIGTERM', () => { /* ignored on purpose */ });
  const fixture = path.resolve(FIXTURES, env.REPLAY_FIXTURE ?? (tool === 'vivado' ? 'vivado-2021.1-ebaz4205-zynq7010-impl' : 'vitis-hls-2022.1-dphls-seq-align-xcvu5p'));
  const logName = env.REPLAY_LOG ?? (tool === 'vivado' ? readdirSync(fixture).find((f) => f.endsWith('.vdi')) ?? 'vivado.log' : 'vitis_hls.log');
  const logText = readFileSync(path.join(fixture, logName), 'latin1');

  if (argv.includes('-version') || argv.includes('--version')) {
    const v = env.REPLAY_TOOL_VERSION ?? /v(\d{4}\.\d+)/.exec(logText)?.[1] ?? '2022.1';
    console.log(tool === 'vivado' ? `Vivado v${v} (64-bit)` : `****** Vitis HLS - High-Level Synthesis from C, C++ and OpenCL v${v} (64-bit)`);
    return 0;
  }
  const script = argAfter(argv, tool === 'vivado' ? '-source' : argv.includes('--tcl') ? '--tcl' : '-f');
  if (!script || !existsSync(script)) {
    console.error(`ERROR: [Common 17-69] Command failed: script '${script}' not found`);
    return 1;
  }
  const tcl = readFileSync(script, 'utf8');
  const mode = env.REPLAY_MODE ?? 'normal';
  const lines = logText.split('\n');
  const localLog = tool === 'vivado' ? 'vivado.log' : 'vitis_hls.log';
  const delay = Number(env.REPLAY_DELAY_MS ?? 0);
  const stopAt = mode === 'crash' || mode === 'signal' ? Math.floor(lines.length / 2) : mode === 'hang' ? Math.min(15, lines.length) : lines.length;

  for (let i = 0; i < stopAt; i++) {
    process.stdout.write(lines[i] + (i < lines.length - 1 ? '\n' : ''));
    appendFileSync(localLog, lines[i] + '\n');
    if (delay > 0) await sleep(delay);
    else if (i % 20 === 0) await sleep(0);
  }
  if (mode === 'hang') {
    const g = spawn(process.execPath, ['-e', 'process.on("SIGTERM",()=>{});setInterval(()=>{},1000)'], { stdio: 'ignore' });
    if (env.REPLAY_PID_FILE) writeFileSync(env.REPLAY_PID_FILE, `${process.pid} ${g.pid}\n`);
    await new Promise(() => {});
  }
  if (mode === 'crash') return 139;
  if (mode === 'signal') { process.kill(process.pid, 'SIGSEGV'); await sleep(1000); return 139; }

  writeReports(tool, tcl, fixture, mode === 'half-report');
  if (env.REPLAY_EXIT !== undefined) return Number(env.REPLAY_EXIT);
  // Recorded status: the tool exits non-zero on an uncaught Tcl error (traceback in the log).
  return /^\s+while executing$/m.test(logText) ? 1 : 0;
}

function argAfter(argv, flag) {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

function tclWord(tcl, cmd) {
  const m = new RegExp(`^\\s*${cmd}\\s+(?:-reset\\s+)?([^\\s;]+)`, 'm').exec(tcl);
  return m?.[1]?.replace(/^["{]|["}]$/g, '');
}

function put(dest, src, half) {
  mkdirSync(path.dirname(dest), { recursive: true });
  const data = readFileSync(src);
  writeFileSync(dest, half ? data.subarray(0, Math.floor(data.length / 2)) : data);
}

function writeReports(tool, tcl, fixture, half) {
  const files = readdirSync(fixture);
  if (tool === 'vivado') {
    const proj = tclWord(tcl, 'create_project') ?? tclWord(tcl, 'open_project')?.replace(/\.xpr$/, '') ?? 'project_1';
    const dir = path.join(`${proj}.runs`, 'impl_1');
    for (const f of files.filter((f) => f.endsWith('.rpt'))) put(path.join(dir, f), path.join(fixture, f), half);
    return;
  }
  const proj = tclWord(tcl, 'open_project') ?? 'proj';
  const sol = tclWord(tcl, 'open_solution') ?? 'solution1';
  const steps = (process.env.FWB_STEPS ?? 'csim,csynth').split(',');
  const base = path.join(proj, sol);
  for (const f of files) {
    const src = path.join(fixture, f);
    if (/_csim\.log$/.test(f) && steps.includes('csim')) put(path.join(base, 'csim', 'report', f), src, false);
    else if (/csynth\.(xml|rpt)$|_csynth\.(xml|rpt)$/.test(f) && steps.includes('csynth')) put(path.join(base, 'syn', 'report', f), src, half);
    else if (/_export\.rpt$|^export_impl\.rpt$/.test(f) && steps.includes('export')) put(path.join(base, 'impl', 'report', 'verilog', f), src, half);
  }
  // The per-solution copy of the log, as Vitis HLS writes it.
  put(path.join(base, `${sol}.log`), path.join(fixture, process.env.REPLAY_LOG ?? 'vitis_hls.log'), false);
}
