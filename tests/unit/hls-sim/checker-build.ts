/**
 * Builds a C++ test program against hls/sim once per content hash (headers + source + flags) and
 * caches the binary in the OS temp directory, so repeated runs skip g++.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const simDir = path.join(repoRoot, 'hls', 'sim');

export function hasCompiler(cxx = 'g++'): boolean {
  return spawnSync(cxx, ['--version'], { encoding: 'utf8' }).status === 0;
}

function run(cmd: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args);
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => resolve({ status, stderr }));
  });
}

function cachePath(source: string, flags: string[], cxx: string): string {
  const h = createHash('sha256');
  h.update(cxx + '\0' + flags.join(' ') + '\0');
  h.update(readFileSync(source));
  for (const f of readdirSync(simDir).sort()) {
    if (f.endsWith('.h')) h.update(f + '\0' + readFileSync(path.join(simDir, f), 'utf8'));
  }
  const dir = path.join(os.tmpdir(), 'fpga-workbench-hls-sim');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, `${path.basename(source, '.cpp')}-${h.digest('hex').slice(0, 16)}`);
}

/**
 * Compiles `source` once per entry of `parts` (extra flags, e.g. -DPART=2) concurrently, links the
 * objects, and returns the cached executable.
 */
export async function buildChecker(source: string, flags: string[], parts: string[][] = [[]], cxx = 'g++'): Promise<string> {
  const exe = cachePath(source, [...flags, ...parts.flat()], cxx);
  if (existsSync(exe)) return exe;
  const tmp = `${exe}.${process.pid}`;
  const objs = parts.map((_, i) => `${tmp}.${i}.o`);
  const compiled = await Promise.all(parts.map((pf, i) => run(cxx, [...flags, ...pf, '-I', simDir, '-c', source, '-o', objs[i]])));
  compiled.forEach((r) => {
    if (r.status !== 0) throw new Error(`${cxx} failed for ${source}:\n${r.stderr}`);
  });
  const linked = await run(cxx, [...flags, ...objs, '-o', `${tmp}.exe`]);
  if (linked.status !== 0) throw new Error(`link failed for ${source}:\n${linked.stderr}`);
  renameSync(`${tmp}.exe`, exe);
  return exe;
}

