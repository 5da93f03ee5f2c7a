/**
 * `fpga-workbench reference`: outputs written as TensorProto .pb files that match the ONNX test data,
 * named after the output (sanitised), inputs by name or position; errors name the problem.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReference, sanitizeFileName } from '../../../src-main/graph/reference-run';
import { readTensorProto, writeTensorProto } from '../../../src-main/graph/tensor-proto';
import { WorkbenchError } from '../../../src-main/core/errors';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tests = path.resolve(repoRoot, '..', 'shared', 'models', 'onnx-node-tests');

function close(got: Float32Array, want: Float32Array) {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(want[i]));
}

describe('reference run', () => {
  it('writes each output as a .pb matching the ONNX test data (inputs by name and by position)', async () => {
    const c = path.join(tests, 'test_gemm_all_attributes');
    const out = mkdtempSync(path.join(os.tmpdir(), 'fw-ref-'));
    const res = await runReference({
      model: path.join(c, 'model.onnx'),
      inputs: { '#0': path.join(c, 'test_data_set_0/input_0.pb'), b: path.join(c, 'test_data_set_0/input_1.pb'), c: path.join(c, 'test_data_set_0/input_2.pb') },
      outDir: out,
    });
    expect(res.outputs.map((o) => path.basename(o.file))).toEqual(['y.pb']);
    const got = readTensorProto(readFileSync(path.join(out, 'y.pb')));
    const want = readTensorProto(readFileSync(path.join(c, 'test_data_set_0/output_0.pb')));
    expect(got.dims).toEqual(want.dims);
    expect(got.name).toBe('y');
    close(got.data as Float32Array, want.data as Float32Array);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the CLI runs end to end and prints JSON', () => {
    const c = path.join(tests, 'test_softmax_axis_2_expanded_ver18');
    const out = mkdtempSync(path.join(os.tmpdir(), 'fw-ref-cli-'));
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'fpga-workbench.mjs'), 'reference', path.join(c, 'model.onnx'),
      '--input', `x=${path.join(c, 'test_data_set_0/input_0.pb')}`, '--out', out, '--json'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outputs[0].name).toBe('y');
    const got = readTensorProto(readFileSync(j.outputs[0].file));
    const want = readTensorProto(readFileSync(path.join(c, 'test_data_set_0/output_0.pb')));
    close(got.data as Float32Array, want.data as Float32Array);
  });

  it('refuses a missing input and an unknown input name, naming them', async () => {
    const c = path.join(tests, 'test_add');
    const out = mkdtempSync(path.join(os.tmpdir(), 'fw-ref-err-'));
    const model = path.join(c, 'model.onnx');
    await expect(runReference({ model, inputs: { x: path.join(c, 'test_data_set_0/input_0.pb') }, outDir: out }))
      .rejects.toThrow(/no --input given for model input 'y'/);
    await expect(runReference({ model, inputs: { x: path.join(c, 'test_data_set_0/input_0.pb'), y: path.join(c, 'test_data_set_0/input_1.pb'), zz: path.join(c, 'test_data_set_0/input_1.pb') }, outDir: out }))
      .rejects.toThrow(/has no input 'zz'/);
    const err = await runReference({ model, inputs: { x: path.join(c, 'model.onnx') }, outDir: out }).catch((e) => e);
    expect(err).toBeInstanceOf(WorkbenchError);
  });

  it('sanitises output names for the file system', () => {
    expect(sanitizeFileName('encoder/layer.0/out:0')).toBe('encoder_layer.0_out_0');
    expect(sanitizeFileName('..')).toBe('__');
    expect(sanitizeFileName('')).toBe('output');
  });

  it('TensorProto write/read round-trips dtype, dims and data (float32, int64 beyond 2^53)', () => {
    const f = readTensorProto(writeTensorProto({ name: 't', dtype: 'float32', dims: [2, 2], data: Float32Array.from([1.5, -2, 3e-8, 4]) }));
    expect(f.dims).toEqual([2, 2]);
    expect(Array.from(f.data as Float32Array)).toEqual(Array.from(Float32Array.from([1.5, -2, 3e-8, 4])));
    const big = BigInt64Array.from([9223372036854775807n, -5n]);
    const i = readTensorProto(writeTensorProto({ name: 'i', dtype: 'int64', dims: [2], data: big }));
    expect(Array.from(i.data as BigInt64Array)).toEqual([9223372036854775807n, -5n]);
  });
});
