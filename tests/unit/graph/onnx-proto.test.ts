/**
 * Decoding: raw_data stays a view of the file buffer (protobufjs subarray, then typed-array views),
 * unaligned payloads are moved into alignment in an owned buffer and copied from a caller's buffer,
 * typed data fields decode exactly (int64 beyond 2^53 included).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnxType, type TensorProtoMsg } from '../../../src-main/graph/onnx-proto';
import { importOnnx, importOnnxBuffer, lastImportStats } from '../../../src-main/graph/onnx-import';
import { tensorFromProto } from '../../../src-main/graph/tensor-proto';
import { modelBytes, f32raw } from './onnx-build';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-onnx-proto-'));

/** A model with several initializers whose raw_data lands at assorted byte offsets. */
function oddModel() {
  const inits = [];
  const nodes = [];
  let x = 'x';
  for (let i = 0; i < 6; i++) {
    const vals = Array.from({ length: 4 }, (_v, k) => i * 10 + k + 0.5);
    // Names of varying length shift the following payloads by 1..6 bytes.
    const name = `w${'_'.repeat(i)}${i}`;
    inits.push({ name, dims: [1, 4], data_type: 1, raw_data: f32raw(vals) });
    nodes.push({ op: 'Add', inputs: [x, name], outputs: [`a${i}`] });
    x = `a${i}`;
  }
  inits.push({ name: 'i64', dims: [3], data_type: 7, raw_data: new Uint8Array(BigInt64Array.from([1n, -2n, 9223372036854775807n]).buffer) });
  return modelBytes({ nodes, inputs: [{ name: 'x', dims: [1, 4] }], outputs: [{ name: x, dims: [1, 4] }], initializers: inits });
}

describe('protobufjs decoding', () => {
  it('bytes fields are subarrays of the input buffer, not copies', () => {
    const bytes = onnxType('TensorProto').encode({ name: 't', dims: [4], data_type: 1, raw_data: f32raw([1, 2, 3, 4]) }).finish();
    const buf = new Uint8Array(bytes.length + 3);
    buf.set(bytes, 3);
    const view = buf.subarray(3);
    const msg = onnxType('TensorProto').decode(view) as unknown as TensorProtoMsg;
    expect(msg.raw_data!.buffer).toBe(buf.buffer);
  });
});

describe('initializers', () => {
  it('importOnnx: every float tensor is a view over the one file buffer (unaligned ones moved in place)', async () => {
    const f = path.join(dir, 'odd.onnx');
    const bytes = oddModel();
    writeFileSync(f, bytes);
    const g = await importOnnx(f);
    const stats = lastImportStats()!;
    expect(stats.copiedUnaligned).toBe(0);
    expect(stats.alignedInPlace).toBeGreaterThan(0); // the fixture does contain unaligned payloads
    const buffers = new Set([...g.initializers.values()].map((t) => t.data!.buffer));
    expect(buffers.size).toBe(1);
    expect([...buffers][0].byteLength).toBeGreaterThanOrEqual(bytes.length);
    for (let i = 0; i < 6; i++) {
      const t = g.initializers.get(`w${'_'.repeat(i)}${i}`)!;
      expect(Array.from(t.data as Float32Array)).toEqual([0, 1, 2, 3].map((k) => i * 10 + k + 0.5));
    }
    expect(Array.from(g.initializers.get('i64')!.data as BigInt64Array)).toEqual([1n, -2n, 9223372036854775807n]);
  });

  it('importOnnxBuffer never mutates the caller buffer; unaligned tensors are copied, aligned ones are views', async () => {
    const bytes = oddModel();
    const before = bytes.slice();
    const g = await importOnnxBuffer(bytes);
    expect(Buffer.from(bytes).equals(Buffer.from(before))).toBe(true);
    const stats = lastImportStats()!;
    expect(stats.alignedInPlace).toBe(0);
    const views = [...g.initializers.values()].filter((t) => t.data!.buffer === bytes.buffer).length;
    expect(views + stats.copiedUnaligned).toBe(g.initializers.size);
    expect(stats.copiedUnaligned).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) {
      expect(Array.from(g.initializers.get(`w${'_'.repeat(i)}${i}`)!.data as Float32Array)).toEqual([0, 1, 2, 3].map((k) => i * 10 + k + 0.5));
    }
  });

  it('typed data fields: float_data, double_data, int32_data (int8, bool), int64_data beyond 2^53', () => {
    const T = onnxType('TensorProto');
    const dec = (o: Record<string, unknown>) => tensorFromProto(T.decode(T.encode(T.fromObject(o)).finish()) as unknown as TensorProtoMsg);
    expect(Array.from(dec({ name: 'f', dims: [2], data_type: 1, float_data: [1.5, -2] }).data as Float32Array)).toEqual([1.5, -2]);
    expect(Array.from(dec({ name: 'd', dims: [2], data_type: 11, double_data: [0.1, 1e300] }).data as Float64Array)).toEqual([0.1, 1e300]);
    const i8 = dec({ name: 'i8', dims: [3], data_type: 3, int32_data: [-128, 0, 127] });
    expect(i8.dtype).toBe('int8');
    expect(Array.from(i8.data as Int8Array)).toEqual([-128, 0, 127]);
    expect(Array.from(dec({ name: 'b', dims: [2], data_type: 9, int32_data: [1, 0] }).data as Uint8Array)).toEqual([1, 0]);
    const i64 = dec({ name: 'i', dims: [2], data_type: 7, int64_data: ['9223372036854775807', '-9007199254740993'] });
    expect(Array.from(i64.data as BigInt64Array)).toEqual([9223372036854775807n, -9007199254740993n]);
    const scalar = dec({ name: 's', dims: [], data_type: 1, float_data: [3] });
    expect(scalar.dims).toEqual([]);
    expect(scalar.data!.length).toBe(1);
  });
});
