/**
 * The environment a Xilinx settings64.sh sets up, without building a shell string: bash gets the
 * script path as a positional argument ($1), sources it, and prints `env -0` (NUL-separated, so values
 * with newlines survive). The path is never interpolated into the command text.
 */
import { spawn } from 'node:child_process';
import { toolError } from '../core/errors';

export function parseEnv0(buf: Buffer | string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of buf.toString().split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

export function envFromSettings(settingsPath: string, opts: { timeoutMs?: number; baseEnv?: NodeJS.ProcessEnv } = {}): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'source "$1" >/dev/null 2>&1 && env -0', 'fwb-settings', settingsPath], {
      env: opts.baseEnv ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, opts.timeoutMs ?? 20_000);
    child.on('error', (e) => { clearTimeout(timer); reject(toolError(`cannot run bash to read settings: ${e.message}`, { file: settingsPath })); });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      if (code !== 0) return reject(toolError(`sourcing the settings script failed (${sig ? `signal ${sig}` : `exit ${code}`})`, { file: settingsPath }));
      resolve(parseEnv0(Buffer.concat(chunks)));
    });
  });
}
