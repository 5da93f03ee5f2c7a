/**
 * C-simulation build and run time of the HLS design corpus through csimProject (each project read
 * from its own run_hls.tcl / hls_config.cfg), clean builds with 2 jobs. The largest design is
 * gemm-vector (197x192 by 192x768 tiled GEMM over hls::vector, ViT-Tiny MLP size, 29 M MACs); it is
 * timed at -O2 and -O0 -g. Target (issue 6): build + run of one encoder block under 30 s.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csimProject } from '../src-main/csim/csim-project';

const TARGET_S = 30;
const LARGEST = 'gemm-vector';

export default async function (): Promise<void> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const corpus = path.join(repo, 'tests', 'hls-designs');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-hls-designs-'));
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  try {
    for (const debug of [false, true]) {
      const mode = debug ? '-O0 -g' : '-O2';
      const r = await csimProject(path.join(corpus, LARGEST), { debug, buildDir: path.join(tmp, `L${debug}`), clean: true, jobs: 2 });
      if (!r.pass) throw new Error(`${LARGEST} csim failed:\n${r.output}`);
      const total = (r.buildMs + r.runMs) / 1000;
      console.log(`  csim ${LARGEST} (${mode}): build ${fmt(r.buildMs)}, run ${(r.runMs / 1000).toFixed(3)} s; build+run ${total.toFixed(2)} s = ${(total / TARGET_S).toFixed(3)}x of the ${TARGET_S} s target`);
    }
    const others = readdirSync(corpus).filter((d) => d !== LARGEST && statSync(path.join(corpus, d)).isDirectory()).sort();
    for (const d of others) {
      const r = await csimProject(path.join(corpus, d), { buildDir: path.join(tmp, d), clean: true, jobs: 2 });
      if (!r.pass) throw new Error(`${d} csim failed:\n${r.output}`);
      const total = (r.buildMs + r.runMs) / 1000;
      console.log(`  csim ${d} (-O2): build ${fmt(r.buildMs)}, run ${(r.runMs / 1000).toFixed(3)} s; build+run = ${(total / TARGET_S).toFixed(3)}x of the ${TARGET_S} s target`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
