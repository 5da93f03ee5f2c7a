/**
 * Spawn a child (argument array, never a shell string) in its own process group, stream its output
 * line by line, and stop it — the whole group — on cancel or timeout.
 */
import { spawn } from 'node:child_process';

export interface SpawnLinesOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Keep at most this many characters of combined output in memory (the tail is kept). */
  maxOutput?: number;
}

export interface SpawnLinesResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved in arrival order. */
  output: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  spawnError?: string;
  ms: number;
  truncated: boolean;
}

export function spawnLines(cmd: string, args: string[], opts: SpawnLinesOptions = {}): Promise<SpawnLinesResult> {
  const max = opts.maxOutput ?? 8 * 1024 * 1024;
  const t0 = performance.now();
  return new Promise((resolve) => {
    let output = '';
    let stdout = '';
    let stderr = '';
    let truncated = false;
    let timedOut = false;
    let cancelled = opts.signal?.aborted ?? false;
    let settled = false;
    const keep = (s: string, add: string) => {
      s += add;
      if (s.length > max) {
        truncated = true;
        s = s.slice(s.length - max);
      }
      return s;
    };

    if (cancelled) {
      resolve({ exitCode: null, signal: null, output, stdout, stderr, timedOut, cancelled, ms: 0, truncated });
      return;
    }
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });

    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        try { child.kill('SIGKILL'); } catch { /* already gone */ }
      }
    };
    const onAbort = () => {
      cancelled = true;
      killGroup();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = opts.timeoutMs && opts.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          killGroup();
        }, opts.timeoutMs)
      : undefined;

    const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
    const feed = (which: 'stdout' | 'stderr', chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = keep(output, text);
      if (which === 'stdout') stdout = keep(stdout, text);
      else stderr = keep(stderr, text);
      if (!opts.onLine) return;
      const buf = pending[which] + text;
      const lines = buf.split('\n');
      pending[which] = lines.pop() ?? '';
      for (const l of lines) opts.onLine(which, l.replace(/\r$/, ''));
    };
    child.stdout!.on('data', (c: Buffer) => feed('stdout', c));
    child.stderr!.on('data', (c: Buffer) => feed('stderr', c));

    const finish = (exitCode: number | null, sig: NodeJS.Signals | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const which of ['stdout', 'stderr'] as const) if (pending[which] && opts.onLine) opts.onLine(which, pending[which]);
      resolve({ exitCode, signal: sig, output, stdout, stderr, timedOut, cancelled, spawnError, ms: performance.now() - t0, truncated });
    };
    child.on('error', (err) => finish(null, null, err.message));
    child.on('close', (code, sig) => finish(code, sig));
  });
}

/** First executable named `name` on PATH, or undefined. */
export async function which(name: string, envPath = process.env.PATH ?? ''): Promise<string | undefined> {
  const { access, constants } = await import('node:fs/promises');
  const path = await import('node:path');
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      await access(full, constants.X_OK);
      return full;
    } catch { /* keep looking */ }
  }
  return undefined;
}
