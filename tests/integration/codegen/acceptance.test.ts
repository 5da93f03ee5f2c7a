/**
 * Acceptance (issue 6): models written the way exporters write them, with random weights, at their
 * real sizes — ViT-Tiny (224², patch 16, dim 192, depth 12, heads 3, 1000 classes; 197 tokens) and
 * an M³ViT-T-shaped MoE-ViT (dim 192, depth 12, 16 experts top-2 in the odd blocks, hidden 384,
 * backbone output) — generate → g++ csim → cosine ≥ 0.999 against the float reference at the default
 * 16-bit activations (both at their real sizes: the MoE-ViT at M³ViT-T's 3×128×256, 129 tokens — with
 * random gates a token whose 2nd and 3rd gate logits differ by less than the accumulated rounding
 * error is routed to another expert than in the float model, and with fewer tokens one such flip
 * weighs more in the cosine). Also through the CLI.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths';
import { tmpDir } from '../../helpers/tmp';
import { writeModel, generateAndCsim } from './pipeline';

describe('generate → csim → compare with the float reference', () => {
  it('ViT-Tiny at full size (197 tokens, 12 blocks): cosine ≥ 0.999 at 16-bit activations', async () => {
    const { dir, cleanup } = tmpDir('fwb-acc-vit-');
    try {
      const f = await writeModel(dir, { img: 224, patch: 16, dim: 192, depth: 12, heads: 3, mlp: 4, classes: 1000, seed: 7 });
      const { gen, csim } = await generateAndCsim(f, path.join(dir, 'proj'));
      expect(gen.plan.precision.activation.w).toBe(16);
      expect(gen.model.tokens).toBe(197);
      expect(gen.model.steps.filter((s) => s.kind === 'attention')).toHaveLength(12);
      expect(csim.errors).toEqual([]);
      const c = csim.comparisons![0];
      console.log(`[acceptance] ViT-Tiny: cosine ${c.cosine.toFixed(7)}, max abs ${c.maxAbsError.toExponential(3)}, mean abs ${c.meanAbsError.toExponential(3)}; build ${(csim.buildMs / 1000).toFixed(1)} s, run ${(csim.runMs / 1000).toFixed(1)} s`);
      expect(c.cosine).toBeGreaterThanOrEqual(0.999);
      expect(csim.pass).toBe(true);
    } finally {
      cleanup();
    }
  }, 240_000);

  it('MoE-ViT (M³ViT-T shape, 16 experts top-2, 129 tokens): cosine ≥ 0.999 at 16-bit activations', async () => {
    const { dir, cleanup } = tmpDir('fwb-acc-moe-');
    try {
      const f = await writeModel(dir, { img: [128, 256], patch: 16, dim: 192, depth: 12, heads: 3, mlp: 4, classes: 0, seed: 9, moe: { experts: 16, topk: 2, hidden: 384, combine: 'onehot' } });
      const { gen, csim } = await generateAndCsim(f, path.join(dir, 'proj'));
      expect(gen.model.steps.filter((s) => s.kind === 'moe')).toHaveLength(6);
      expect(gen.model.output.shape).toEqual([1, 129, 192]);
      expect(csim.errors).toEqual([]);
      const c = csim.comparisons![0];
      console.log(`[acceptance] MoE-ViT: cosine ${c.cosine.toFixed(7)}, max abs ${c.maxAbsError.toExponential(3)}, mean abs ${c.meanAbsError.toExponential(3)}; build ${(csim.buildMs / 1000).toFixed(1)} s, run ${(csim.runMs / 1000).toFixed(1)} s`);
      expect(c.cosine).toBeGreaterThanOrEqual(0.999);
      expect(csim.pass).toBe(true);
    } finally {
      cleanup();
    }
  }, 240_000);

  it('CLI: generate MODEL --board --out, then csim DIR --json says pass with per-tensor errors', async () => {
    const { dir, cleanup } = tmpDir('fwb-acc-cli-');
    try {
      const f = await writeModel(dir, { img: 32, patch: 8, dim: 32, depth: 2, heads: 2, style: 'hf', moe: { experts: 4, topk: 2 } });
      const bin = path.join(repoRoot, 'bin', 'fpga-workbench.mjs');
      const out = path.join(dir, 'my project');
      const g = spawnSync('node', [bin, 'generate', f, '--board', 'zcu102', '--out', out, '--precision', 'act=16.6', '--tiles', 'in=8,out=8', '--clock', '250', '--json'], { encoding: 'utf8' });
      expect(g.status, g.stderr).toBe(0);
      const gj = JSON.parse(g.stdout);
      expect(gj.clockMHz).toBe(250);
      expect(gj.golden).toBe(true);
      const c = spawnSync('node', [bin, 'csim', out, '--json', '--build-dir', path.join(dir, 'build')], { encoding: 'utf8' });
      expect(c.status, c.stderr).toBe(0);
      const cj = JSON.parse(c.stdout);
      expect(cj.pass).toBe(true);
      expect(cj.comparisons).toHaveLength(1);
      expect(cj.comparisons[0]).toMatchObject({ tensor: 'logits', pass: true, tolerance: 0.999 });
      expect(cj.comparisons[0].cosine).toBeGreaterThanOrEqual(0.999);
      const bad = spawnSync('node', [bin, 'generate', f, '--board', 'no-such-board', '--out', out], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/no-such-board/);
    } finally {
      cleanup();
    }
  }, 120_000);
});
