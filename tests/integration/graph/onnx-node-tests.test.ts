/**
 * The reference executor against the ONNX backend node tests in ../shared/models/onnx-node-tests:
 * every case whose ops are supported must reproduce output_N.pb within rtol 1e-4, atol 1e-5.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importOnnx } from '../../../src-main/graph/onnx-import';
import { execute } from '../../../src-main/graph/execute';
import { readTensorProto } from '../../../src-main/graph/tensor-proto';
import { runPasses } from '../../../src-main/graph/passes';
import type { Tensor } from '../../../src-main/graph/ir';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = path.resolve(repoRoot, '..', 'shared', 'models', 'onnx-node-tests');

/** Cases skipped on purpose, with the reason (nothing is skipped silently). */
const SKIPPED: Record<string, string> = {
  test_attention_3d: 'Attention op (opset 23) is outside the supported list: ViT attention is recognised from its primitive ops',
  test_attention_3d_causal: 'Attention op (opset 23) is outside the supported list',
  test_attention_4d: 'Attention op (opset 23) is outside the supported list',
  test_attention_4d_causal: 'Attention op (opset 23) is outside the supported list',
};

const cases = existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith('test_')).sort() : [];

function compare(name: string, got: Tensor, want: Tensor): void {
  expect(got.dims, `${name} shape`).toEqual(want.dims);
  expect(got.dtype, `${name} dtype`).toBe(want.dtype);
  const g = got.data!, w = want.data!;
  expect(g.length).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    const a = Number(g[i]), b = Number(w[i]);
    if (Number.isNaN(b)) { expect(Number.isNaN(a), `${name}[${i}] NaN`).toBe(true); continue; }
    if (Math.abs(a - b) > 1e-5 + 1e-4 * Math.abs(b)) expect.fail(`${name}[${i}]: got ${a}, expected ${b}`);
  }
}

describe('ONNX backend node tests', () => {
  it('finds the shared test folder', () => {
    expect(cases.length).toBeGreaterThan(100);
  });
  for (const c of cases) {
    const run = SKIPPED[c] ? it.skip : it;
    run(`${c}${SKIPPED[c] ? ` (skipped: ${SKIPPED[c]})` : ''}`, async () => {
      const g = await importOnnx(path.join(dir, c, 'model.onnx'));
      const data = path.join(dir, c, 'test_data_set_0');
      const files = readdirSync(data);
      const inputs = new Map<string, Tensor>();
      const nIn = files.filter((f) => /^input_\d+\.pb$/.test(f)).length;
      for (let i = 0; i < nIn; i++) {
        const t = readTensorProto(readFileSync(path.join(data, `input_${i}.pb`)));
        inputs.set(g.inputs[i].name, t);
      }
      const out = execute(g, inputs);
      // The same after the import passes (shape inference, folding of the Shape chains, cleanup).
      const folded = runPasses(g);
      const outFolded = execute(folded, inputs);
      const nOut = files.filter((f) => /^output_\d+\.pb$/.test(f)).length;
      expect(nOut).toBe(g.outputs.length);
      for (let i = 0; i < nOut; i++) {
        const want = readTensorProto(readFileSync(path.join(data, `output_${i}.pb`)));
        const name = g.outputs[i].name;
        compare(`${c} output ${name}`, out.get(name)!, want);
        compare(`${c} output ${name} (after passes)`, outFolded.get(name)!, want);
        // Shape inference must agree with what the executor produced.
        expect(folded.values.get(name)?.shape, `${c} inferred shape of ${name}`).toEqual(want.dims);
      }
    });
  }
});
