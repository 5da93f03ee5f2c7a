/**
 * Generate → csim → compare across the ways exporters write the same layers (test ONNX writer
 * styles and options): decomposed LayerNorm + tanh GELU + sliced QKV + pre-scaled q (legacy),
 * reshape+MatMul patch embedding + split QKV + mean pool (static), 2-D Gemm linears, and the three
 * MoE combines (stack, one-hot over top-k logits, batched expert weights), top-1 and top-2.
 */
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { tmpDir } from '../../helpers/tmp';
import { writeModel, generateAndCsim } from './pipeline';
import type { VitOptions, MoeOptions } from '../../onnx-writer/vit';

const base: VitOptions = { img: 32, patch: 8, dim: 32, depth: 2, heads: 2 };
const CASES: Array<[string, VitOptions & { moe?: MoeOptions }]> = [
  ['legacy, MoE top-1 (stack)', { ...base, style: 'legacy', moe: { experts: 4, topk: 1 } }],
  ['static, MoE one-hot', { ...base, style: 'static', moe: { experts: 4, topk: 2, combine: 'onehot' } }],
  ['Gemm linears, batched experts', { ...base, linear: 'gemm', moe: { experts: 4, topk: 2, combine: 'batched' } }],
];

describe('export styles', () => {
  for (const [name, opts] of CASES) {
    it(`${name}: cosine ≥ 0.999`, async () => {
      const { dir, cleanup } = tmpDir('fwb-style-');
      try {
        const f = await writeModel(dir, opts);
        const { csim } = await generateAndCsim(f, path.join(dir, 'proj'));
        expect(csim.errors).toEqual([]);
        expect(csim.comparisons?.[0].cosine).toBeGreaterThanOrEqual(0.999);
        expect(csim.pass).toBe(true);
      } finally {
        cleanup();
      }
    }, 60_000);
  }
});
