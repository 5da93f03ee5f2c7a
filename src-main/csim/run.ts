/**
 * Run a built C-simulation executable as Vitis HLS does: in a run directory where every
 * `add_files -tb` file and directory sits at its relative path, with the `csim_design -argv`
 * arguments, and with a larger stack (designs keep big arrays on the stack; Node cannot set
 * RLIMIT_STACK itself, so the child is started through `prlimit`, or a tiny compiled wrapper).
 */
import { readFileSync } from 'node:fs';
import { access, cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CsimEvent } from './build';
import type { HlsProject } from './project';
import { spawnLines, which } from './spawn-lines';

export interface StackLimit {
  /** The soft stack limit the testbench ran with, in bytes (undefined: left as inherited). */
  bytes?: number;
  method: 'prlimit' | 'wrapper' | 'inherited';
  /** One human sentence, printed in the output. */
  text: string;
}

export interface RunOptions {
  exe: string;
  runDir: string;
  argv?: string[];
  /** Wanted stack size in MiB (default 512); clamped to the hard limit. */
  stackMb?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (e: CsimEvent) => void;
  env?: NodeJS.ProcessEnv;
  /** Where the fallback wrapper is compiled (default: next to the exe). */
  toolDir?: string;
  cc?: string;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  output: string;
  /** The output was longer than kept in memory; `output` holds its tail. */
  truncated: boolean;
  runMs: number;
  stackLimit: StackLimit;
  spawnError?: string;
}

/** Where a testbench file goes inside the run dir: its relative path, or its name if it points outside. */
export function runDirTarget(as: string): string {
  const norm = path.normalize(as);
  if (path.isAbsolute(norm) || norm.startsWith('..')) return path.basename(norm);
  return norm;
}

/**
 * Run dir holding exactly the testbench files and dirs, each at its relative path. Copies, so a
 * testbench that writes there never touches the sources. Unchanged files (same size and mtime) are
 * not copied again, but anything a previous run left behind is removed, so outputs a comparator
 * reads always come from this run.
 */
export async function prepareRunDir(project: HlsProject, runDir: string, opts: { clean?: boolean } = {}): Promise<string[]> {
  if (opts.clean) await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  const wanted = new Map<string, string>(); // target (relative) -> source
  for (const f of project.tbFiles) {
    try {
      await stat(f.path);
    } catch {
      continue; // the build reports missing sources; a missing data file shows up when the testbench opens it
    }
    wanted.set(runDirTarget(f.as), f.path);
  }
  await mirror(runDir, wanted);
  return [...wanted.keys()];
}

/** Make `root` contain exactly the wanted entries (recursively mirrored), reusing unchanged files. */
async function mirror(root: string, wanted: Map<string, string>): Promise<void> {
  // Expected tree: every wanted file, every file under a wanted dir, and their parent dirs.
  const files = new Map<string, string>();
  const dirs = new Set<string>(['']);
  const addParents = (rel: string) => {
    for (let d = path.dirname(rel); d !== '.' && d !== ''; d = path.dirname(d)) dirs.add(d);
  };
  const walk = async (src: string, rel: string): Promise<void> => {
    const st = await stat(src);
    if (st.isDirectory()) {
      dirs.add(rel);
      addParents(rel);
      for (const e of await readdir(src)) await walk(path.join(src, e), path.join(rel, e));
    } else {
      files.set(rel, src);
      addParents(rel);
    }
  };
  for (const [rel, src] of wanted) await walk(src, rel);

  // Remove what is not expected (outputs of earlier runs, files that left the project).
  const prune = async (rel: string): Promise<void> => {
    const abs = path.join(root, rel);
    for (const e of await readdir(abs, { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory() && dirs.has(r)) await prune(r);
      else if (!(e.isFile() && files.has(r))) await rm(path.join(root, r), { recursive: true, force: true });
    }
  };
  await prune('');

  for (const d of dirs) if (d) await mkdir(path.join(root, d), { recursive: true });
  for (const [rel, src] of files) {
    const dest = path.join(root, rel);
    try {
      const [a, b] = await Promise.all([stat(src), stat(dest)]);
      // Copied timestamps keep millisecond precision only, hence the tolerance.
      if (a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 2) continue;
    } catch {
      /* not there yet */
    }
    await cp(src, dest, { force: true, preserveTimestamps: true });
  }
}

function hardStackLimit(): number | undefined {
  try {
    const m = /^Max stack size\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return undefined;
    return m[2] === 'unlimited' ? Infinity : Number(m[2]);
  } catch {
    return undefined;
  }
}

const WRAPPER_C = `/* Set the soft stack limit, then exec the program: Node cannot set RLIMIT_STACK for a child. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>
int main(int argc, char** argv) {
  if (argc < 3) { fprintf(stderr, "usage: stackrun BYTES PROGRAM [ARGS...]\\n"); return 127; }
  struct rlimit rl;
  if (getrlimit(RLIMIT_STACK, &rl) == 0) {
    rlim_t want = (rlim_t)strtoull(argv[1], 0, 10);
    if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max) want = rl.rlim_max;
    rl.rlim_cur = want;
    if (setrlimit(RLIMIT_STACK, &rl) != 0) perror("stackrun: setrlimit");
  }
  execv(argv[2], argv + 2);
  perror("stackrun: exec");
  return 127;
}
`;

async function ensureWrapper(dir: string, cc: string): Promise<string | undefined> {
  const exe = path.join(dir, 'stackrun');
  try {
    await access(exe);
    return exe;
  } catch { /* build it */ }
  await mkdir(dir, { recursive: true });
  const src = path.join(dir, 'stackrun.c');
  await writeFile(src, WRAPPER_C);
  const r = await spawnLines(cc, ['-x', 'c', '-O1', src, '-o', exe], { timeoutMs: 60_000 });
  return r.exitCode === 0 ? exe : undefined;
}

/** The command and arguments that start `exe` with the wanted stack limit. */
export async function withStackLimit(exe: string, args: string[], stackMb: number, toolDir: string, cc = 'g++'): Promise<{ cmd: string; args: string[]; limit: StackLimit }> {
  const hard = hardStackLimit();
  let bytes = Math.round(stackMb * 1024 * 1024);
  if (hard !== undefined && hard !== Infinity && bytes > hard) bytes = hard;
  const mib = (bytes / 1024 / 1024).toFixed(0);
  const prlimit = await which('prlimit');
  if (prlimit) {
    return { cmd: prlimit, args: [`--stack=${bytes}:`, '--', exe, ...args], limit: { bytes, method: 'prlimit', text: `stack limit raised to ${mib} MiB for the testbench (prlimit)` } };
  }
  const wrapper = await ensureWrapper(toolDir, cc);
  if (wrapper) {
    return { cmd: wrapper, args: [String(bytes), exe, ...args], limit: { bytes, method: 'wrapper', text: `stack limit raised to ${mib} MiB for the testbench (setrlimit wrapper)` } };
  }
  return { cmd: exe, args, limit: { method: 'inherited', text: 'stack limit left as inherited (no prlimit and the wrapper could not be built)' } };
}

export async function runTestbench(opts: RunOptions): Promise<RunResult> {
  const emit = opts.onEvent ?? (() => {});
  const start = await withStackLimit(opts.exe, opts.argv ?? [], opts.stackMb ?? 512, opts.toolDir ?? path.dirname(opts.exe), opts.cc);
  emit({ type: 'phase', phase: 'run' });
  emit({ type: 'info', message: start.limit.text });
  const r = await spawnLines(start.cmd, start.args, {
    cwd: opts.runDir,
    env: opts.env,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    onLine: (stream, line) => emit({ type: 'output', stream, line }),
  });
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    cancelled: r.cancelled,
    output: r.output,
    truncated: r.truncated,
    runMs: r.ms,
    stackLimit: start.limit,
    spawnError: r.spawnError,
  };
}
