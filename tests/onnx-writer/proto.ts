/**
 * Test tooling (not product): low-level ONNX ModelProto building with protobufjs on the vendored
 * official onnx.proto. A ModelWriter collects nodes, initializers (raw_data, little-endian) and value
 * infos as plain protobuf message objects and encodes them; optionally weights go to an external file.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { onnxType, AttrType } from '../../src-main/graph/onnx-proto';

export const ElemType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9 } as const;


export type Attr = number | number[] | string | { f: number } | { fs: number[] } | { t: ReturnType<typeof tensorMsg> };

function attrMsg(name: string, v: Attr): Record<string, unknown> {
  if (typeof v === 'number') return { name, type: AttrType.INT, i: v };
  if (typeof v === 'string') return { name, type: AttrType.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AttrType.INTS, ints: v };
  if ('f' in v) return { name, type: AttrType.FLOAT, f: v.f };
  if ('fs' in v) return { name, type: AttrType.FLOATS, floats: v.fs };
  return { name, type: AttrType.TENSOR, t: v.t };
}

/** A TensorProto message with raw_data (float32 or int64). */
export function tensorMsg(name: string, dims: number[], data: Float32Array | BigInt64Array | Uint8Array, elem?: number) {
  const type = elem ?? (data instanceof Float32Array ? ElemType.FLOAT : data instanceof BigInt64Array ? ElemType.INT64 : ElemType.BOOL);
  return { name, dims, data_type: type, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export interface WriteOptions {
  /** Put initializers of at least `threshold` bytes into `${file}.data` (ONNX external data). */
  external?: boolean;
  threshold?: number;
}

export class ModelWriter {
  readonly nodes: Array<Record<string, unknown>> = [];
  readonly initializers: Array<ReturnType<typeof tensorMsg>> = [];
  readonly inputs: Array<Record<string, unknown>> = [];
  readonly outputs: Array<Record<string, unknown>> = [];
  private names = new Set<string>();
  private counter = 0;

  constructor(readonly opset = 17, readonly producer = 'pytorch', readonly graphName = 'main_graph') {}

  /** A fresh tensor name like torch's `/blocks.0/attn/Reshape_output_0`. */
  fresh(base: string): string {
    let n = base;
    while (this.names.has(n)) n = `${base}_${++this.counter}`;
    this.names.add(n);
    return n;
  }

  input(name: string, dims: Array<number | string>, elem: number = ElemType.FLOAT): string {
    this.inputs.push(valueInfo(name, dims, elem));
    this.names.add(name);
    return name;
  }

  output(name: string, dims: Array<number | string>, elem: number = ElemType.FLOAT): void {
    this.outputs.push(valueInfo(name, dims, elem));
  }

  init(name: string, dims: number[], data: Float32Array | BigInt64Array | Uint8Array, elem?: number): string {
    this.names.add(name);
    this.initializers.push(tensorMsg(name, dims, data, elem));
    return name;
  }

  i64(name: string, vals: number[], dims: number[] = [vals.length]): string {
    return this.init(this.fresh(name), dims, BigInt64Array.from(vals.map((v) => BigInt(v))));
  }

  f32(name: string, vals: number[] | Float32Array, dims: number[] = []): string {
    return this.init(this.fresh(name), dims, Float32Array.from(vals));
  }

  /** A Constant node holding a tensor (torch emits these for literals inside forward()). */
  constant(name: string, dims: number[], data: Float32Array | BigInt64Array): string {
    const out = this.fresh(`${name}_output_0`);
    this.nodes.push({ name: this.fresh(name), op_type: 'Constant', input: [], output: [out], attribute: [attrMsg('value', { t: tensorMsg('', dims, data) })] });
    return out;
  }

  /** Add a node; returns its outputs (named `${name}_output_${i}` as torch does). */
  node(op: string, name: string, inputs: string[], nOut = 1, attrs: Record<string, Attr> = {}, domain = ''): string[] {
    const nodeName = this.fresh(name);
    const outs = Array.from({ length: nOut }, (_, i) => this.fresh(`${nodeName}_output_${i}`));
    this.nodes.push({
      name: nodeName, op_type: op, input: inputs, output: outs, domain,
      attribute: Object.entries(attrs).map(([k, v]) => attrMsg(k, v)),
    });
    return outs;
  }

  op(op: string, name: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.node(op, name, inputs, 1, attrs)[0];
  }

  /** Encode; with `external`, large initializers move to `${base}.data` and `files` holds its bytes. */
  encode(opts: WriteOptions & { base?: string } = {}): { model: Uint8Array; data?: Uint8Array } {
    let inits = this.initializers;
    let data: Uint8Array | undefined;
    if (opts.external) {
      const threshold = opts.threshold ?? 1024;
      const location = `${opts.base ?? 'model.onnx'}.data`;
      const chunks: Uint8Array[] = [];
      let offset = 0;
      inits = this.initializers.map((t) => {
        if (t.raw_data.byteLength < threshold) return t;
        // 64-byte aligned offsets, as onnx.save_model(..., save_as_external_data=True) allows readers to mmap.
        const pad = (64 - (offset % 64)) % 64;
        if (pad) { chunks.push(new Uint8Array(pad)); offset += pad; }
        chunks.push(t.raw_data);
        const ext = {
          name: t.name, dims: t.dims, data_type: t.data_type, data_location: 1,
          external_data: [{ key: 'location', value: location }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(t.raw_data.byteLength) }],
        };
        offset += t.raw_data.byteLength;
        return ext as unknown as ReturnType<typeof tensorMsg>;
      });
      data = new Uint8Array(offset);
      let o = 0;
      for (const c of chunks) { data.set(c, o); o += c.byteLength; }
    }
    const msg = {
      ir_version: this.opset >= 21 ? 10 : this.opset >= 19 ? 9 : 8,
      producer_name: this.producer,
      producer_version: this.producer === 'pytorch' ? '2.1.0' : '1.0',
      opset_import: [{ domain: '', version: this.opset }],
      graph: { name: this.graphName, node: this.nodes, initializer: inits, input: this.inputs, output: this.outputs },
    };
    const T = onnxType('ModelProto');
    return { model: T.encode(T.fromObject(msg)).finish(), data };
  }

  /** Write `dir/file` (and `dir/file.data` with external data); returns the model path. */
  write(dir: string, file: string, opts: WriteOptions = {}): string {
    const { model, data } = this.encode({ ...opts, base: file });
    const p = path.join(dir, file);
    writeFileSync(p, model);
    if (data) writeFileSync(`${p}.data`, data);
    return p;
  }
}

function valueInfo(name: string, dims: Array<number | string>, elem: number) {
  return {
    name,
    type: { tensor_type: { elem_type: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) } } },
  };
}
