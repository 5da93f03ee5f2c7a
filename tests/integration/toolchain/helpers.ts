import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths';
import type { Discovery } from '../../../src-main/toolchain/discovery';
import { GENERATED_PROJECT_MARKER } from '../../../src-main/core/project-marker';

export const REPLAY_HLS = path.join(repoRoot, 'tests', 'tools', 'replay-vitis-hls');
export const REPLAY_VIVADO = path.join(repoRoot, 'tests', 'tools', 'replay-vivado');

/** A discovery result pointing at the test-only replay tools. */
export function replayTools(): Discovery {
  return {
    tools: [],
    searched: [],
    hls: { name: 'vitis_hls', path: REPLAY_HLS, from: 'test', version: '2022.1' },
    vivado: { name: 'vivado', path: REPLAY_VIVADO, from: 'test', version: '2021.1' },
  };
}

/** A minimal HLS project dir as codegen would write it (only what the replay reads). */
export function makeProject(dir: string, opts: { vivado?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'run_hls.tcl'), 'open_project -reset proj\nset_top seq_align_multiple\nopen_solution -reset solution1\n');
  // The generator's marker: its run_hls.tcl follows the FWB_STEPS convention (step by step).
  writeFileSync(path.join(dir, GENERATED_PROJECT_MARKER), '{}\n');
  if (opts.vivado !== false) writeFileSync(path.join(dir, 'run_vivado.tcl'), 'create_project impl_proj ./impl_proj\n');
  return dir;
}

/** The process no longer runs: no such pid, or a zombie (dead, waiting for an adoptive init to reap it). */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

export async function waitFor(cond: () => boolean, timeoutMs = 10_000, stepMs = 20): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
