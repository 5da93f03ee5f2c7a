/**
 * Run records: `<project>/.workbench/runs/<id>/run.json`, rewritten atomically after every step change
 * so a crash at any moment leaves the previous or the next consistent record, never half of one.
 * A record left 'running' by a process that no longer exists (kill -9, crash, reboot) loads as
 * 'interrupted': the owner is identified by pid + process start time + boot id, so a reused pid does
 * not look alive.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeJsonAtomic } from '../core/atomic-write';
import { fileError, serializeError, type SerializedError } from '../core/errors';

import type { Run, RunComparison, RunOwner, RunStepRecord, RunSummary } from './types';

export type { CompareRow, Run, RunComparison, RunOwner, RunReportRecord, RunStatus, RunStepRecord, RunSummary, StepStatus } from './types';

export const runsRoot = (projectDir: string) => path.join(projectDir, '.workbench', 'runs');
export const runDir = (projectDir: string, id: string) => path.join(runsRoot(projectDir), id);
export const runFile = (projectDir: string, id: string) => path.join(runDir(projectDir, id), 'run.json');

/** Sortable ids: creation time first, then randomness. */
export function newRunId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `${t}-${randomBytes(3).toString('hex')}`;
}

export function currentOwner(): RunOwner {
  return { pid: process.pid, host: hostname(), bootId: bootId(), startTicks: startTicks(process.pid) };
}

export function newRun(projectDir: string, opts: { kind: string; planHash?: string; steps: string[]; id?: string }): Run {
  const now = new Date().toISOString();
  return {
    schema: 1,
    id: opts.id ?? newRunId(),
    kind: opts.kind,
    planHash: opts.planHash,
    projectDir: path.resolve(projectDir),
    createdAt: now,
    updatedAt: now,
    status: 'queued',
    owner: currentOwner(),
    steps: opts.steps.map((name) => ({ name, status: 'queued', firstErrors: [] })),
    reports: [],
    figures: {},
  };
}

export async function saveRun(run: Run): Promise<void> {
  run.updatedAt = new Date().toISOString();
  await writeJsonAtomic(runFile(run.projectDir, run.id), run);
}

/**
 * Serialises writes of one run: every mutation is applied then written in order, so two quick
 * updates never race their renames. `update` resolves once that state is on disk.
 */
export class RunRecorder {
  private chain: Promise<void> = Promise.resolve();
  constructor(readonly run: Run) {}
  update(mutate: (run: Run) => void): Promise<void> {
    mutate(this.run);
    const snapshot = JSON.parse(JSON.stringify(this.run)) as Run;
    // One failed write (disk full, folder removed) must not block every later one.
    const next = this.chain.catch(() => {}).then(() => saveRun(snapshot));
    this.chain = next;
    return next;
  }
  step(name: string): RunStepRecord {
    const s = this.run.steps.find((x) => x.name === name);
    if (!s) throw new Error(`no step ${name} in run ${this.run.id}`);
    return s;
  }
}

/** Read and validate one record; a record left running by a dead owner becomes 'interrupted' (and is saved so). */
export async function loadRun(projectDir: string, id: string): Promise<Run> {
  const file = runFile(projectDir, id);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw fileError(`cannot read run record: ${(err as Error).message}`, { file }, err);
  }
  let run: Run;
  try {
    run = JSON.parse(text) as Run;
  } catch (err) {
    throw fileError(`run record is not valid JSON (half-written or corrupt): ${(err as Error).message}`, { file }, err);
  }
  if (!run || typeof run !== 'object' || run.schema !== 1 || typeof run.id !== 'string' || !Array.isArray(run.steps)) {
    throw fileError('run record lacks schema/id/steps', { file });
  }
  // The record may have been copied with its folder: trust the folder, not the stored path.
  run.projectDir = path.resolve(projectDir);
  if ((run.status === 'running' || run.status === 'queued') && !ownerAlive(run.owner)) {
    markInterrupted(run);
    try { await saveRun(run); } catch { /* read-only project: still report it as interrupted */ }
  }
  return run;
}

export function markInterrupted(run: Run): void {
  // The record's last write is the last moment the owner is known to have been alive; "now" would
  // turn a crash last week into a week-long step.
  const lastAlive = run.updatedAt;
  run.status = 'interrupted';
  for (const s of run.steps) {
    if (s.status === 'running') {
      s.status = 'interrupted';
      s.endedAt ??= lastAlive;
      s.reason = 'the process running this build ended before the step finished (crash, kill or restart)';
    } else if (s.status === 'queued') {
      s.status = 'skipped';
      s.reason = 'not run: the build was interrupted';
    }
  }
}

/**
 * After an interruption the step's tool (its own process group) may still be running — a Vivado job
 * can go on for hours holding a licence. Stop it, but only if that pid is still the same process
 * (same start time). Returns the pids signalled.
 */
export async function stopOrphanedSteps(run: Run, graceMs = 1000): Promise<number[]> {
  const hit: number[] = [];
  for (const s of run.steps) {
    if (s.status !== 'interrupted' || !s.pid || !s.pidStartTicks) continue;
    if (startTicks(s.pid) !== s.pidStartTicks) continue;
    try { process.kill(-s.pid, 'SIGTERM'); hit.push(s.pid); } catch { continue; }
    const pid = s.pid;
    await new Promise((r) => setTimeout(r, graceMs));
    try { process.kill(-pid, 'SIGKILL'); } catch { /* ended on SIGTERM */ }
  }
  return hit;
}

export function summarize(run: Run): RunSummary {
  const starts = run.steps.map((s) => s.startedAt).filter(Boolean) as string[];
  const ends = run.steps.map((s) => s.endedAt).filter(Boolean) as string[];
  const first = starts.sort()[0];
  const last = ends.sort().at(-1);
  return {
    id: run.id, kind: run.kind, status: run.status, createdAt: run.createdAt, updatedAt: run.updatedAt,
    durationMs: first && last ? Date.parse(last) - Date.parse(first) : undefined,
    steps: run.steps.map((s) => ({ name: s.name, status: s.status })),
    figures: run.figures,
  };
}

/** History, newest first. A corrupt record is reported in `errors` and does not hide the others. */
export async function listRuns(projectDir: string): Promise<{ runs: RunSummary[]; errors: SerializedError[] }> {
  let ids: string[];
  try {
    ids = (await readdir(runsRoot(projectDir), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return { runs: [], errors: [] };
  }
  const runs: RunSummary[] = [];
  const errors: SerializedError[] = [];
  for (const id of ids.sort().reverse()) {
    try {
      runs.push(summarize(await loadRun(projectDir, id)));
    } catch (err) {
      errors.push(serializeError(err));
    }
  }
  return { runs, errors };
}

/** Key figures of two runs side by side (union of keys, a's order first). */
export function compareRuns(a: Run, b: Run): RunComparison {
  const keys = [...new Set([...Object.keys(a.figures), ...Object.keys(b.figures)])];
  const rows = keys.map((key) => {
    const fa = a.figures[key];
    const fb = b.figures[key];
    return { key, unit: (fa ?? fb)!.unit, a: fa, b: fb, delta: fa && fb && fa.unit === fb.unit ? fb.value - fa.value : undefined };
  });
  return { a: summarize(a), b: summarize(b), rows };
}

// ---- owner liveness ----

function bootId(): string | undefined {
  try { return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(); } catch { return undefined; }
}

/** Field 22 of /proc/<pid>/stat: the process start time in clock ticks since boot. */
export function startTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

export function ownerAlive(owner: RunOwner | undefined): boolean {
  if (!owner || typeof owner.pid !== 'number') return false;
  if (owner.host && owner.host !== hostname()) return true; // another machine's run: cannot tell, do not touch
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (procState(owner.pid) === 'Z') return false; // killed, not yet reaped
  const ticks = startTicks(owner.pid);
  if (owner.startTicks && ticks && owner.startTicks !== ticks) return false; // pid reused
  return ticks !== undefined || !owner.startTicks;
}
