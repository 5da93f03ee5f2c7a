/**
 * Runs one build step as a child process: argument array (never a shell string), its own process
 * group (detached) so cancel/timeout can kill the whole tree, cwd inside the run dir, env merged over
 * a base, every output line streamed to a callback and appended to a log file, progress parsed from
 * the tool's own lines, and a classified summary (first errors) when it ends.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { classifyLine, stripAnsi, type LogMessage } from './log-classifier';
import type { Progress, ProgressTracker } from './progress';

export type StepOutcome = 'done' | 'failed' | 'cancelled' | 'timeout';

export interface StepSpec {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
  /** Merged over `baseEnv` (default process.env); e.g. the env read from settings64.sh plus FWB_STEPS. */
  env?: Record<string, string | undefined>;
  baseEnv?: NodeJS.ProcessEnv;
  logFile: string;
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL of the group. */
  killGraceMs?: number;
  progress?: ProgressTracker;
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  onProgress?: (p: Progress) => void;
  onStart?: (pid: number) => void;
  signal?: AbortSignal;
}

export interface StepResult {
  name: string;
  outcome: StepOutcome;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  pid?: number;
  startedAt: string;
  endedAt: string;
  logPath: string;
  counts: { error: number; criticalWarning: number; warning: number };
  firstErrors: LogMessage[];
  progress?: Progress;
  /** Why it failed, in one line, when it did (spawn error, exit code, signal, timeout). */
  reason?: string;
}

const FIRST_ERRORS = 5;

export function runStep(spec: StepSpec): Promise<StepResult> {
  return new Promise((resolve) => {
    mkdirSync(path.dirname(spec.logFile), { recursive: true });
    mkdirSync(spec.cwd, { recursive: true });
    const log = createWriteStream(spec.logFile, { flags: 'a' });
    const startedAt = new Date().toISOString();
    const counts = { error: 0, criticalWarning: 0, warning: 0 };
    const firstErrors: LogMessage[] = [];
    const firstCritical: LogMessage[] = [];
    let lineNo = 0;
    let progress: Progress | undefined;
    let stopping: 'cancelled' | 'timeout' | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const env: NodeJS.ProcessEnv = { ...(spec.baseEnv ?? process.env) };
    for (const [k, v] of Object.entries(spec.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }

    const child = spawn(spec.cmd, spec.args, { cwd: spec.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;

    const onLine = (raw: string, stream: 'stdout' | 'stderr') => {
      lineNo++;
      const m = classifyLine(raw, lineNo);
      if (m?.severity === 'ERROR') { counts.error++; if (firstErrors.length < FIRST_ERRORS) firstErrors.push(m); }
      else if (m?.severity === 'CRITICAL WARNING') { counts.criticalWarning++; if (firstCritical.length < FIRST_ERRORS) firstCritical.push(m); }
      else if (m?.severity === 'WARNING') counts.warning++;
      const p = spec.progress?.feed(stripAnsi(raw).split('\r').pop() ?? '');
      if (p) { progress = p; spec.onProgress?.(p); }
      spec.onLog?.(raw, stream);
    };
    const splitter = (stream: 'stdout' | 'stderr') => {
      let rest = '';
      return {
        data(chunk: Buffer) {
          log.write(chunk);
          const text = rest + chunk.toString('utf8');
          const parts = text.split('\n');
          rest = parts.pop() ?? '';
          for (const l of parts) onLine(l, stream);
        },
        end() { if (rest) { onLine(rest, stream); rest = ''; } },
      };
    };
    const out = splitter('stdout');
    const err = splitter('stderr');
    child.stdout!.on('data', out.data);
    child.stderr!.on('data', err.data);

    const killGroup = (sig: NodeJS.Signals) => {
      if (pid === undefined) return;
      try { process.kill(-pid, sig); } catch { /* group already gone */ }
    };
    const stop = (why: 'cancelled' | 'timeout') => {
      if (stopping || settled) return;
      stopping = why;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), spec.killGraceMs ?? 1000);
    };
    if (spec.timeoutMs && spec.timeoutMs > 0) timeoutTimer = setTimeout(() => stop('timeout'), spec.timeoutMs);
    const onAbort = () => stop('cancelled');
    if (spec.signal?.aborted) queueMicrotask(onAbort);
    else spec.signal?.addEventListener('abort', onAbort, { once: true });
    if (pid !== undefined) spec.onStart?.(pid);

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      out.end();
      err.end();
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      spec.signal?.removeEventListener('abort', onAbort);
      // Leftover members of the group (a tool's helpers) must not outlive the step once we stopped it.
      if (stopping) killGroup('SIGKILL');
      let outcome: StepOutcome;
      let reason: string | undefined;
      if (spawnError) { outcome = 'failed'; reason = `could not start ${spec.cmd}: ${spawnError.message}`; }
      else if (stopping === 'timeout') { outcome = 'timeout'; reason = `timed out after ${Math.round((spec.timeoutMs ?? 0) / 1000)} s`; }
      else if (stopping === 'cancelled') { outcome = 'cancelled'; reason = 'cancelled'; }
      else if (signal) { outcome = 'failed'; reason = `killed by ${signal}`; }
      else if (exitCode !== 0) { outcome = 'failed'; reason = `exit code ${exitCode}`; }
      // Exit 0 with ERROR lines: scripts that `catch` a failing command still exit 0 (xilinx-cli.md §4).
      else if (counts.error > 0) { outcome = 'failed'; reason = `${counts.error} ERROR line(s) in the log`; }
      else outcome = 'done';
      const result: StepResult = {
        name: spec.name, outcome, exitCode, signal, pid, startedAt, endedAt: new Date().toISOString(),
        logPath: spec.logFile, counts, firstErrors: firstErrors.length ? firstErrors : firstCritical, progress, reason,
      };
      log.end(() => resolve(result));
    };
    child.on('error', (e) => finish(null, null, e));
    // 'close' waits for the pipes, i.e. for every process that inherited them, not just the leader.
    child.on('close', (code, sig) => finish(code, sig));
  });
}
