/**
 * Bad input: each case must end in a WorkbenchError naming the file (and node, op type, opset where it
 * applies), never a crash. Models are built here with protobufjs on the vendored onnx.proto.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importOnnx } from '../../../src-main/graph/onnx-import';
import { execute } from '../../../src-main/graph/execute';
import { runPasses } from '../../../src-main/graph/passes';
import { WorkbenchError } from '../../../src-main/core/errors';
import { modelBytes, f32raw } from './onnx-build';
import { importOnnxBuffer } from '../../../src-main/graph/onnx-import';
import { fileURLToPath } from 'node:url';

let dir: string;
beforeAll(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'fw-import-errors-')); });

function put(name: string, bytes: Uint8Array | string): string {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

async function importError(file: string, opts = {}): Promise<WorkbenchError> {
  try {
    await importOnnx(file, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbenchError);
    const e = err as WorkbenchError;
    expect(e.context.file).toBe(file);
    expect(e.message).toContain(file);
    return e;
  }
  throw new Error(`import of ${file} did not fail`);
}

const relu = () => modelBytes({
  nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'], name: 'relu0' }],
  inputs: [{ name: 'x', dims: [1, 4] }],
  outputs: [{ name: 'y', dims: [1, 4] }],
});

describe('import errors', () => {
  it('0-byte file', async () => {
    const e = await importError(put('empty.onnx', new Uint8Array(0)));
    expect(e.code).toBe('E_FILE');
    expect(e.message).toMatch(/empty/);
  });

  it('truncated file', async () => {
    const full = modelBytes({
      nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'], name: 'add0' }],
      inputs: [{ name: 'x', dims: [1, 64] }],
      outputs: [{ name: 'y', dims: [1, 64] }],
      initializers: [{ name: 'w', dims: [1, 64], data_type: 1, raw_data: f32raw(new Array(64).fill(1)) }],
    });
    const e = await importError(put('truncated.onnx', full.subarray(0, Math.floor(full.length * 0.6))));
    expect(e.code).toBe('E_FILE');
    expect(e.message).toMatch(/truncated/);
  });

  it('a file that is not ONNX', async () => {
    const e = await importError(put('notes.onnx', 'This is a text file, not a protobuf model.\n'));
    expect(e.code).toBe('E_FILE');
    expect(e.message).toMatch(/not an ONNX model/);
    const png = await importError(put('picture.onnx', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])));
    expect(png.code).toBe('E_FILE');
  });

  it('missing file', async () => {
    const e = await importError(path.join(dir, 'nope.onnx'));
    expect(e.code).toBe('E_FILE');
  });

  it('unsupported ops are all listed at once, with node, op type and opset', async () => {
    const f = put('unsupported.onnx', modelBytes({
      opset: 17,
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['a'], name: 'ok' },
        { op: 'LSTM', inputs: ['a'], outputs: ['b'], name: 'rnn1' },
        { op: 'Relu', inputs: ['b'], outputs: ['c'], name: 'ok2' },
        { op: 'NonMaxSuppression', inputs: ['c'], outputs: ['d'], name: 'nms' },
        { op: 'Fancy', domain: 'com.example', inputs: ['d'], outputs: ['y'], name: 'custom' },
      ],
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: [{ name: 'y', dims: [1, 4] }],
    }));
    const e = await importError(f);
    expect(e.code).toBe('E_UNSUPPORTED');
    expect(e.details).toHaveLength(3);
    for (const s of ["node 'rnn1': LSTM (opset 17)", "node 'nms': NonMaxSuppression (opset 17)", "node 'custom': com.example::Fancy"]) {
      expect(e.message).toContain(s);
    }
    expect(e.message).not.toContain("'ok'");
    // allowUnsupported keeps the structure and lists them as warnings instead.
    const g = await importOnnx(f, { allowUnsupported: true });
    expect(g.nodes).toHaveLength(5);
    expect(g.warnings.filter((w) => w.startsWith('unsupported operator'))).toHaveLength(3);
    // The passes still run on such a graph: shapes before the first unsupported op are known.
    const p = runPasses(g);
    expect(p.values.get('a')?.shape).toEqual([1, 4]);
    expect(p.values.get('c')?.shape).toBeUndefined();
  });

  it('a dynamic dim with no value names the input and the dim; batch defaults to 1; overrides apply', async () => {
    const f = put('dynamic.onnx', modelBytes({
      nodes: [{ op: 'Relu', inputs: ['tokens'], outputs: ['y'] }],
      inputs: [{ name: 'tokens', dims: ['batch', 'seq_len', 8] }],
      outputs: [{ name: 'y', dims: ['batch', 'seq_len', 8] }],
    }));
    const e = await importError(f);
    expect(e.code).toBe('E_MODEL');
    expect(e.message).toContain("input 'tokens' dimension 1 ('seq_len')");
    const g = await importOnnx(f, { dimOverrides: { seq_len: 5 } });
    expect(g.inputs[0].shape).toEqual([1, 5, 8]);
    const g2 = await importOnnx(f, { dimOverrides: { batch: 3, 'tokens:1': 7 } });
    expect(g2.inputs[0].shape).toEqual([3, 7, 8]);
    // Output shapes follow from inference once inputs are fixed.
    expect(runPasses(g2).outputs[0].shape).toEqual([3, 7, 8]);
  });

  it('a missing external-data file: imports with one warning, refuses when weights are needed', async () => {
    const ext = (name: string, off: number) => ({
      name, dims: [1, 4], data_type: 1, data_location: 1,
      external_data: [{ key: 'location', value: 'weights.bin' }, { key: 'offset', value: String(off) }, { key: 'length', value: '16' }],
    });
    const f = put('external-missing.onnx', modelBytes({
      nodes: [
        { op: 'Add', inputs: ['x', 'w1'], outputs: ['a'], name: 'add_w1' },
        { op: 'Mul', inputs: ['a', 'w2'], outputs: ['y'], name: 'mul_w2' },
      ],
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: [{ name: 'y', dims: [1, 4] }],
      initializers: [ext('w1', 0), ext('w2', 16)],
    }));
    const g = await importOnnx(f);
    const w = g.warnings.filter((s) => s.includes('weights.bin'));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/missing/);
    const w1 = g.initializers.get('w1')!;
    expect(w1.data).toBeUndefined();
    expect(w1.external).toEqual({ location: 'weights.bin', offset: 0, length: 16, present: false });
    // Structure and shapes still work.
    const p = runPasses(g);
    expect(p.values.get('y')?.shape).toEqual([1, 4]);
    // Running needs weights: clear refusal naming the file, node and tensor.
    let err: unknown;
    try { execute(p, new Map([['x', { name: 'x', dtype: 'float32', dims: [1, 4], data: new Float32Array(4) }]])); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(WorkbenchError);
    const we = err as WorkbenchError;
    expect(we.code).toBe('E_FILE');
    expect(we.context.file).toBe(f);
    expect(we.context.node).toBe('add_w1');
    expect(we.message).toContain("'w1'");
    expect(we.message).toContain('weights.bin');

    // With the file present the same model runs, and the weights are views over the external file.
    const ws = new Float32Array([1, 2, 3, 4, 10, 20, 30, 40]);
    writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(ws.buffer));
    const g2 = runPasses(await importOnnx(f));
    expect(g2.warnings.some((s) => s.includes('weights.bin'))).toBe(false);
    const y = execute(g2, new Map([['x', { name: 'x', dtype: 'float32', dims: [1, 4], data: new Float32Array([1, 1, 1, 1]) }]])).get('y')!;
    expect(Array.from(y.data as Float32Array)).toEqual([20, 60, 120, 200]);
    const w1b = g2.initializers.get('w1')!.data!;
    expect(w1b.buffer).toBe(g2.initializers.get('w2')!.data!.buffer); // one external buffer, two views
  });

  it('external data outside the model directory is refused', async () => {
    const f = put('external-escape.onnx', modelBytes({
      nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: [{ name: 'y', dims: [1, 4] }],
      initializers: [{ name: 'w', dims: [1, 4], data_type: 1, data_location: 1, external_data: [{ key: 'location', value: '../../etc/passwd' }] }],
    }));
    const e = await importError(f);
    expect(e.message).toContain('relative path inside');
  });

  it('a cyclic graph names the nodes on the cycle', async () => {
    const f = put('cycle.onnx', modelBytes({
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['a'], name: 'entry' },
        { op: 'Add', inputs: ['a', 'c'], outputs: ['b'], name: 'loop_add' },
        { op: 'Sigmoid', inputs: ['b'], outputs: ['c'], name: 'loop_sig' },
        { op: 'Relu', inputs: ['c'], outputs: ['y'], name: 'exit' },
      ],
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: [{ name: 'y', dims: [1, 4] }],
    }));
    const e = await importError(f);
    expect(e.code).toBe('E_MODEL');
    expect(e.message).toMatch(/cycle/);
    expect(e.details.join(' ')).toContain('loop_add');
    expect(e.details.join(' ')).toContain('loop_sig');
    expect(e.details.join(' ')).not.toContain('entry');
  });

  it('tensor data length disagreeing with its shape names the tensor', async () => {
    const raw = put('badlen-raw.onnx', modelBytes({
      nodes: [{ op: 'Add', inputs: ['x', 'bias'], outputs: ['y'] }],
      inputs: [{ name: 'x', dims: [2, 3] }],
      outputs: [{ name: 'y', dims: [2, 3] }],
      initializers: [{ name: 'bias', dims: [2, 3], data_type: 1, raw_data: f32raw([1, 2, 3, 4, 5]) }],
    }));
    const e = await importError(raw);
    expect(e.code).toBe('E_MODEL');
    expect(e.message).toContain("tensor 'bias'");
    expect(e.message).toContain('20 bytes of raw_data but its shape needs 24');
    const typed = put('badlen-typed.onnx', modelBytes({
      nodes: [{ op: 'Add', inputs: ['x', 'bias'], outputs: ['y'] }],
      inputs: [{ name: 'x', dims: [2, 3] }],
      outputs: [{ name: 'y', dims: [2, 3] }],
      initializers: [{ name: 'bias', dims: [2, 3], data_type: 1, float_data: [1, 2, 3, 4, 5, 6, 7] }],
    }));
    const e2 = await importError(typed);
    expect(e2.message).toContain("tensor 'bias'");
    expect(e2.message).toContain('7 values in float_data');
  });

  it('an op whose shapes disagree fails in shape inference naming node, op type and opset', async () => {
    const f = put('badshape.onnx', modelBytes({
      opset: 17,
      nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'], name: 'proj' }],
      inputs: [{ name: 'x', dims: [1, 4] }],
      outputs: [{ name: 'y', dims: [1, 3] }],
      initializers: [{ name: 'w', dims: [5, 3], data_type: 1, raw_data: f32raw(new Array(15).fill(0)) }],
    }));
    const g = await importOnnx(f);
    let err: unknown;
    try { runPasses(g); } catch (e) { err = e; }
    const we = err as WorkbenchError;
    expect(we).toBeInstanceOf(WorkbenchError);
    expect(we.context).toMatchObject({ file: f, node: 'proj', opType: 'MatMul', opset: 17 });
    expect(we.message).toContain('inner dimensions differ');
  });

  it('every truncation and single-byte corruption of a model ends in a WorkbenchError or a valid graph, never a crash', async () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const buf = readFileSync(path.resolve(repoRoot, '..', 'shared', 'models', 'onnx-node-tests', 'test_layer_normalization_4d_axis0_expanded_ver18', 'model.onnx'));
    let typed = 0;
    for (let i = 0; i < buf.length; i++) {
      for (const b of [new Uint8Array(buf.subarray(0, i)), (() => { const c = new Uint8Array(buf); c[i] ^= 0x5a; return c; })()]) {
        try {
          runPasses(await importOnnxBuffer(b, { file: 'fuzz.onnx' }));
        } catch (err) {
          if (!(err instanceof WorkbenchError)) throw new Error(`byte ${i}: ${(err as Error).stack}`);
          expect(err.message).toContain('fuzz.onnx');
          typed++;
        }
      }
    }
    expect(typed).toBeGreaterThan(buf.length); // most variants are rejected, each with a typed error
  });

  it('a valid model still imports (control case)', async () => {
    const g = await importOnnx(put('ok.onnx', relu()));
    expect(g.nodes.map((n) => n.name)).toEqual(['relu0']);
  });
});
