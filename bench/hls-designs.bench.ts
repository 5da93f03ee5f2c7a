/**
 * C-simulation build and run time of the largest corpus design (gemm-vector: a 197x192 by 192x768
 * tiled GEMM over hls::vector blocks, ViT-Tiny MLP size), clean build at -O2 and -O0 -g, read from
 * its own run_hls.tcl. Target: build + run of one encoder block under 30 s (issue 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csimProject } from '../src-main/csim/csim-project';

const TARGET_S = 30;

export default async function (): Promise<void> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const design = path.join(repo, 'tests', 'hls-designs', 'gemm-vector');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-hls-designs-'));
  try {
    for (const debug of [false, true]) {
      const r = await csimProject(design, { debug, buildDir: path.join(tmp, debug ? 'dbg' : 'opt'), clean: true, jobs: 2 });
      if (!r.pass) throw new Error(`gemm-vector csim failed:\n${r.output}`);
      const mode = debug ? '-O0 -g' : '-O2';
      const b = r.buildMs / 1000;
      const run = r.runMs / 1000;
      console.log(`  csim build gemm-vector (${mode}, clean, 2 jobs): ${b.toFixed(2)} s`);
      console.log(`  csim run   gemm-vector (${mode}, 29 M MACs):    ${run.toFixed(3)} s`);
      console.log(`  csim build+run gemm-vector (${mode}): ${(b + run).toFixed(2)} s = ${((b + run) / TARGET_S).toFixed(3)}x of the ${TARGET_S} s target`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
