/**
 * Graph IR: the format-neutral model every later stage reads. Imported ONNX files and `--arch`
 * specs both produce it. Initializer data are typed-array views over the file buffer, never copies.
 */

export type DType =
  | 'float32' | 'float16' | 'float64' | 'bfloat16'
  | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
  | 'bool' | 'string';

/** A dimension: a number, or a symbolic name while unresolved (e.g. 'batch'). */
export type Dim = number | string;

export type TypedArray =
  | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array
  | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

export interface TensorInfo {
  name: string;
  dtype: DType;
  /** undefined = rank unknown. */
  shape?: Dim[];
}

export interface ExternalRef {
  location: string; // path relative to the model file, as stored
  offset: number;
  length: number;
  present: boolean; // false when the external file is missing: weights absent
}

/** A constant tensor (initializer, Constant node value, folded value). */
export interface Tensor {
  name: string;
  dtype: DType;
  dims: number[];
  /** Absent when the weights live in a missing external file. */
  data?: TypedArray;
  external?: ExternalRef;
}

export type AttrValue =
  | { kind: 'float'; value: number }
  | { kind: 'int'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: Tensor }
  | { kind: 'floats'; value: number[] }
  | { kind: 'ints'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'graph'; value: Graph };

export interface Node {
  name: string; // unique within the graph (importer names unnamed nodes `${opType}_${index}`)
  opType: string;
  domain: string; // '' = ai.onnx
  inputs: string[]; // '' = omitted optional input
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface Graph {
  name: string;
  nodes: Node[]; // topologically sorted after import
  inputs: TensorInfo[]; // real inputs (initializers excluded)
  outputs: TensorInfo[];
  initializers: Map<string, Tensor>;
  /** Inferred or declared info for every value known: inputs, outputs, intermediates. */
  values: Map<string, TensorInfo>;
  opsets: Record<string, number>; // domain → version ('' = ai.onnx)
  /** Where it came from, for error messages. */
  source?: { file?: string; producer?: string; arch?: string };
  warnings: string[];
}

export function attrInt(n: Node, name: string, dflt: number): number;
export function attrInt(n: Node, name: string): number | undefined;
export function attrInt(n: Node, name: string, dflt?: number): number | undefined {
  const a = n.attrs[name];
  return a && a.kind === 'int' ? a.value : dflt;
}
export function attrFloat(n: Node, name: string, dflt: number): number {
  const a = n.attrs[name];
  return a && (a.kind === 'float' || a.kind === 'int') ? a.value : dflt;
}
export function attrInts(n: Node, name: string): number[] | undefined {
  const a = n.attrs[name];
  return a && a.kind === 'ints' ? a.value : undefined;
}
export function attrString(n: Node, name: string, dflt: string): string {
  const a = n.attrs[name];
  return a && a.kind === 'string' ? a.value : dflt;
}

export const numel = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** Bytes per element of a dtype (string = 0: not a numeric tensor). */
export function dtypeSize(d: DType): number {
  switch (d) {
    case 'float64': case 'int64': case 'uint64': return 8;
    case 'float32': case 'int32': case 'uint32': return 4;
    case 'float16': case 'bfloat16': case 'int16': case 'uint16': return 2;
    case 'int8': case 'uint8': case 'bool': return 1;
    case 'string': return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Recognised structure: what the pattern passes understood. This, not raw nodes, feeds plan/.

export type LayerKind =
  | 'patch-embed' // Conv k=s, or reshape + MatMul; includes class token + position embedding
  | 'layernorm'
  | 'attention' // QKV, head split, scaled QK^T, softmax, AV, head merge, projection
  | 'mlp' // fc1 → GELU → fc2
  | 'moe' // gate → softmax/top-k → experts (MLPs) → weighted combine
  | 'residual'
  | 'head'; // final norm / token select / classifier (Gemm)

export interface Layer {
  name: string; // unique, from the model (sanitise before using in C++/TCL/paths)
  kind: LayerKind;
  block: number; // encoder block index; -1 for patch-embed / head
  inputShape: number[];
  outputShape: number[];
  params: number; // weights + biases
  macs: number; // multiply-accumulates per inference (batch 1)
  /** Node names this layer covers. */
  nodes: string[];
  /** Initializer names holding this layer's weights, by role (e.g. { qkv_w, qkv_b, proj_w, … }). */
  weights: Record<string, string>;
  /** Kind-specific facts. */
  attrs: LayerAttrs;
}

export interface LayerAttrs {
  tokens?: number; // sequence length incl. class token
  dim?: number; // embedding dim
  heads?: number;
  headDim?: number;
  hidden?: number; // MLP / expert hidden size
  experts?: number;
  topk?: number;
  gelu?: 'erf' | 'tanh' | 'op';
  eps?: number;
  patch?: number;
  imgH?: number;
  imgW?: number;
  inChannels?: number;
  classToken?: boolean;
  classes?: number;
  qkvLayout?: 'fused' | 'separate';
  [k: string]: unknown;
}

export interface ModelStructure {
  name: string;
  layers: Layer[]; // in execution order
  blocks: number; // encoder depth
  /** Nodes no pattern could place (name + op type), listed to the user. */
  unplaced: Array<{ name: string; opType: string }>;
  totals: { params: number; macs: number };
  kind: 'vit' | 'moe-vit' | 'unknown';
}
