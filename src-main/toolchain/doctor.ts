import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import type { DoctorCheck } from '../api/contract';
import { discoverTools, explainMissing } from './discovery';
import { discoveryPaths, readSettings } from '../project/settings';

/** Run a program (argument array) and return its first output line, or null when it is missing. */
export function probe(cmd: string, args: string[], timeoutMs = 5000): Promise<string | null> {
  return new Promise((resolve) => {
    let out = '';
    let done = false;
    const finish = (v: string | null) => { if (!done) { done = true; resolve(v); } };
    try {
      const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const t = setTimeout(() => { child.kill('SIGKILL'); finish(null); }, timeoutMs);
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', () => { clearTimeout(t); finish(null); });
      child.on('close', (code) => { clearTimeout(t); finish(code === 0 || out ? out.split('\n').find((l) => l.trim()) ?? '' : null); });
    } catch {
      finish(null);
    }
  });
}

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** What this machine offers and what is missing, one line each. */
export async function runDoctor(): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const [maj, min] = process.versions.node.split('.').map(Number);
  const nodeOk = (maj === 20 && min >= 19) || (maj === 22 && min >= 12) || maj > 22;
  checks.push({ name: 'node', ok: nodeOk, required: true, detail: nodeOk ? `Node ${process.versions.node}` : `Node ${process.versions.node} is too old: install Node ^20.19 or >=22.12` });

  const gpp = await probe('g++', ['--version']);
  checks.push({ name: 'g++', ok: !!gpp, required: true, detail: gpp ?? 'missing: C simulation needs it (Debian: apt-get install -y g++ make)' });
  const socat = await probe('socat', ['-V']);
  checks.push({ name: 'socat', ok: !!socat, required: false, detail: socat ? socat.replace(/^.*?socat/, 'socat').trim() : 'missing: board emulation needs it (Debian: apt-get install -y socat)' });
  const chromium = CHROMIUM_PATHS.find((p) => existsSync(p));
  checks.push({ name: 'chromium', ok: !!chromium, required: false, detail: chromium ? `${chromium} (for the e2e tests)` : 'missing: the e2e tests need it (Debian: apt-get install -y chromium)' });

  // Vitis HLS / Vivado are optional: without them generate and csim still work, builds stop at csynth.
  const saved = await readSettings().catch(() => undefined);
  const d = await discoverTools({ paths: saved ? discoveryPaths(saved) : [], probeTimeoutMs: 5000 });
  for (const kind of ['hls', 'vivado'] as const) {
    const t = d[kind];
    checks.push(t
      ? { name: kind === 'hls' ? 'Vitis HLS' : 'Vivado', ok: true, required: false, detail: `${t.name} ${t.version ?? '(version unknown)'} at ${t.path} (${t.from})` }
      : { name: kind === 'hls' ? 'Vitis HLS' : 'Vivado', ok: false, required: false, detail: explainMissing(kind, d) });
  }

  checks.push(await serialCheck());
  return checks;
}

async function serialCheck(): Promise<DoctorCheck> {
  let ports: string[] = [];
  try {
    ports = readdirSync('/dev').filter((d) => /^tty(USB|ACM)\d+$/.test(d)).map((d) => `/dev/${d}`);
  } catch { /* no /dev: not Linux */ }
  if (ports.length === 0) return { name: 'serial ports', ok: true, required: false, detail: 'no USB serial adapters plugged in (boards appear as /dev/ttyUSB* or /dev/ttyACM*)' };
  const denied: string[] = [];
  for (const p of ports) {
    try { await access(p, constants.R_OK | constants.W_OK); } catch { denied.push(p); }
  }
  return denied.length
    ? { name: 'serial ports', ok: false, required: false, detail: `no permission on ${denied.join(', ')}: add yourself to the dialout group (sudo usermod -aG dialout $USER) and log in again` }
    : { name: 'serial ports', ok: true, required: false, detail: `${ports.join(', ')} readable and writable` };
}
