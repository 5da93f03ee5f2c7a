/**
 * protobufjs Root for the official onnx.proto (vendored beside this file, see onnx.proto's header).
 * Field names keep the .proto's snake_case (raw_data, opset_import, …). The same Root encodes
 * (tests/onnx-writer) and decodes (graph/onnx-import, graph/tensor-proto).
 *
 * Decoding from a Uint8Array gives `bytes` fields (raw_data) as subarray views of the input, never
 * copies (protobufjs Reader.raw → subarray); tests/unit/graph/onnx-proto.test.ts checks it.
 * int64 fields decode to `Long` objects (the `long` package is installed) or numbers: use toInt/toBigInt.
 */
import protobuf from 'protobufjs';
import { onnxDescriptor } from './onnx-descriptor';

let root: protobuf.Root | undefined;

/** The ONNX protobuf Root (built once; decoders/encoders are compiled by protobufjs on first use). */
export function onnxRoot(): protobuf.Root {
  if (!root) root = protobuf.Root.fromJSON(onnxDescriptor as unknown as protobuf.INamespace);
  return root;
}

export const onnxType = (name: 'ModelProto' | 'TensorProto' | 'GraphProto' | 'NodeProto' | 'AttributeProto' | 'ValueInfoProto' | string): protobuf.Type =>
  onnxRoot().lookupType(`onnx.${name}`);

/** Loose shapes of decoded messages (only the fields we read). */
export interface LongLike { low: number; high: number; unsigned?: boolean; toNumber(): number }
export type Int64 = number | LongLike | string | bigint;

export interface StringStringEntry { key?: string; value?: string }
export interface TensorProtoMsg {
  dims?: Int64[];
  data_type?: number;
  name?: string;
  float_data?: number[];
  int32_data?: number[];
  string_data?: Uint8Array[];
  int64_data?: Int64[];
  raw_data?: Uint8Array;
  double_data?: number[];
  uint64_data?: Int64[];
  external_data?: StringStringEntry[];
  data_location?: number;
  segment?: unknown;
}
export interface DimensionMsg { dim_value?: Int64; dim_param?: string; value?: string }
export interface TypeProtoMsg {
  tensor_type?: { elem_type?: number; shape?: { dim?: DimensionMsg[] } };
  sequence_type?: unknown;
  map_type?: unknown;
  optional_type?: unknown;
  sparse_tensor_type?: unknown;
}
export interface ValueInfoMsg { name?: string; type?: TypeProtoMsg }
export interface AttributeMsg {
  name?: string;
  ref_attr_name?: string;
  type?: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: TensorProtoMsg;
  g?: GraphProtoMsg;
  floats?: number[];
  ints?: Int64[];
  strings?: Uint8Array[];
  tensors?: TensorProtoMsg[];
  graphs?: GraphProtoMsg[];
}
export interface NodeMsg {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeMsg[];
}
export interface GraphProtoMsg {
  node?: NodeMsg[];
  name?: string;
  initializer?: TensorProtoMsg[];
  sparse_initializer?: unknown[];
  input?: ValueInfoMsg[];
  output?: ValueInfoMsg[];
  value_info?: ValueInfoMsg[];
}
export interface ModelProtoMsg {
  ir_version?: Int64;
  opset_import?: Array<{ domain?: string; version?: Int64 }>;
  producer_name?: string;
  producer_version?: string;
  graph?: GraphProtoMsg;
  functions?: unknown[];
}

/** AttributeProto.AttributeType values. */
export const AttrType = {
  UNDEFINED: 0, FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, STRINGS: 8,
  TENSORS: 9, GRAPHS: 10, SPARSE_TENSOR: 11, SPARSE_TENSORS: 12, TYPE_PROTO: 13, TYPE_PROTOS: 14,
} as const;

/** int64 field → JS number (exact up to 2^53; dims and attributes never exceed it in practice). */
export function toInt(v: Int64 | undefined | null): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') return Number(v);
  return v.toNumber();
}

/** int64 field → exact bigint (INT64_MAX in Slice ends must survive). */
export function toBigInt(v: Int64 | undefined | null, unsigned = false): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'string') return BigInt(v);
  const u = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return unsigned || v.unsigned ? u : BigInt.asIntN(64, u);
}

/** Value to store into an int64 field when encoding (exact: a decimal string is accepted by protobufjs). */
export function int64Field(v: number | bigint): number | string {
  return typeof v === 'bigint' ? v.toString() : v;
}
