/**
 * Builds a C++ test program against hls/sim once per content hash (headers + source + flags) and
 * caches the binary in the OS temp directory, so repeated runs skip g++.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const simDir = path.join(repoRoot, 'hls', 'sim');

export function hasCompiler(cxx = 'g++'): boolean {
  return spawnSync(cxx, ['--version'], { encoding: 'utf8' }).status === 0;
}

export function buildChecker(source: string, flags: string[], cxx = 'g++'): string {
  const h = createHash('sha256');
  h.update(cxx + '\0' + flags.join(' ') + '\0');
  h.update(readFileSync(source));
  for (const f of readdirSync(simDir).sort()) {
    if (f.endsWith('.h')) h.update(f + '\0' + readFileSync(path.join(simDir, f), 'utf8'));
  }
  const dir = path.join(os.tmpdir(), 'fpga-workbench-hls-sim');
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, `${path.basename(source, '.cpp')}-${h.digest('hex').slice(0, 16)}`);
  if (existsSync(exe)) return exe;
  const tmp = `${exe}.${process.pid}.tmp`;
  const r = spawnSync(cxx, [...flags, '-I', simDir, source, '-o', tmp], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cxx} failed for ${source}:\n${r.stderr}`);
  renameSync(tmp, exe);
  return exe;
}

/** Compile only (no link); returns the diagnostics and exit status. */
export function compileOnly(source: string, flags: string[], cxx = 'g++'): { status: number | null; stderr: string } {
  const out = path.join(os.tmpdir(), `hls-sim-compile-${process.pid}-${path.basename(source)}.o`);
  const r = spawnSync(cxx, [...flags, '-I', simDir, '-c', source, '-o', out], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}
