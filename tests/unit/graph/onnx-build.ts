/** Test helper: small ONNX models encoded with protobufjs on the vendored onnx.proto. */
import { onnxType } from '../../../src-main/graph/onnx-proto';

export interface VI { name: string; elem?: number; dims?: Array<number | string> }
export interface NodeDef { op: string; inputs: string[]; outputs: string[]; name?: string; domain?: string; attrs?: Array<Record<string, unknown>> }

export const vi = (v: VI) => ({
  name: v.name,
  type: {
    tensor_type: {
      elem_type: v.elem ?? 1,
      shape: { dim: (v.dims ?? []).map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
    },
  },
});

export function modelBytes(o: {
  nodes: NodeDef[];
  inputs: VI[];
  outputs: VI[];
  initializers?: Array<Record<string, unknown>>;
  opset?: number;
}): Uint8Array {
  const msg = {
    ir_version: 8,
    producer_name: 'test',
    opset_import: [{ domain: '', version: o.opset ?? 17 }],
    graph: {
      name: 'g',
      node: o.nodes.map((n) => ({ op_type: n.op, input: n.inputs, output: n.outputs, name: n.name, domain: n.domain, attribute: n.attrs ?? [] })),
      initializer: o.initializers ?? [],
      input: o.inputs.map(vi),
      output: o.outputs.map(vi),
    },
  };
  const T = onnxType('ModelProto');
  const err = T.verify(msg);
  if (err) throw new Error(err);
  return T.encode(T.fromObject(msg)).finish();
}

export const f32raw = (vals: number[]) => new Uint8Array(Float32Array.from(vals).buffer);
