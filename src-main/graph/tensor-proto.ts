/**
 * ONNX TensorProto ⇄ Graph IR Tensor. Data become typed-array views over the buffer they were decoded
 * from whenever the byte offset is aligned for the element size; an unaligned tensor is copied (a
 * typed array cannot start at an unaligned offset — the importer first tries to move the bytes into
 * alignment inside a buffer it owns, see onnx-import.ts).
 */
import type { DType, Tensor, TypedArray } from './ir';
import { dtypeSize, numel } from './ir';
import { WorkbenchError, fileError, modelError } from '../core/errors';
import { onnxType, toBigInt, toInt, type TensorProtoMsg } from './onnx-proto';
import { arrayCtor } from './ops/tensor-util';

const CODE_TO_DTYPE: Record<number, DType> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};
const DTYPE_TO_CODE: Record<DType, number> = Object.fromEntries(
  Object.entries(CODE_TO_DTYPE).map(([k, v]) => [v, Number(k)]),
) as Record<DType, number>;

export const ONNX_DTYPE_NAMES: Record<number, string> = {
  0: 'UNDEFINED', 14: 'COMPLEX64', 15: 'COMPLEX128', 17: 'FLOAT8E4M3FN', 18: 'FLOAT8E4M3FNUZ', 19: 'FLOAT8E5M2',
  20: 'FLOAT8E5M2FNUZ', 21: 'UINT4', 22: 'INT4',
};

export function dtypeFromCode(code: number, ctx: { file?: string; tensor?: string } = {}): DType {
  const d = CODE_TO_DTYPE[code];
  if (!d) {
    throw new WorkbenchError('E_UNSUPPORTED', `tensor${ctx.tensor ? ` '${ctx.tensor}'` : ''} has data type ${ONNX_DTYPE_NAMES[code] ?? code}, which is not supported`, { file: ctx.file });
  }
  return d;
}

export const dtypeCode = (d: DType): number => DTYPE_TO_CODE[d];

/**
 * Typed array over `bytes` (view when aligned, else a copy). `bytes.length` must equal count × size.
 */
export function viewBytes(bytes: Uint8Array, dtype: DType, count: number): { data: TypedArray; copied: boolean } {
  const size = dtypeSize(dtype);
  const Ctor = arrayCtor(dtype) as unknown as {
    new (buf: ArrayBufferLike, off: number, n: number): TypedArray;
    new (n: number): TypedArray;
  };
  if (bytes.byteOffset % size === 0) return { data: new Ctor(bytes.buffer, bytes.byteOffset, count), copied: false };
  const copy = new Uint8Array(count * size);
  copy.set(bytes);
  return { data: new Ctor(copy.buffer, 0, count), copied: true };
}

export interface TensorDecodeCtx {
  file?: string;
  /** Resolves external data: returns the bytes, or undefined when the external file is missing. */
  external?: (t: TensorProtoMsg, name: string) => { bytes?: Uint8Array; location: string; offset: number; length: number } ;
  /** Called when a tensor had to be copied (unaligned). */
  onCopy?: (name: string) => void;
}

/** Decoded TensorProto message → IR Tensor (validates data length against dims, naming the tensor). */
export function tensorFromProto(msg: TensorProtoMsg, ctx: TensorDecodeCtx = {}, fallbackName = ''): Tensor {
  const name = msg.name || fallbackName;
  const dims = (msg.dims ?? []).map((d) => toInt(d));
  if (msg.segment) throw new WorkbenchError('E_UNSUPPORTED', `tensor '${name}' is stored in segments, which is not supported`, { file: ctx.file });
  const dtype = dtypeFromCode(msg.data_type ?? 0, { file: ctx.file, tensor: name });
  if (dims.some((d) => d < 0 || !Number.isFinite(d))) throw modelError(`tensor '${name}' has a negative dimension [${dims.join(', ')}]`, { file: ctx.file });
  const n = numel(dims);
  const size = dtypeSize(dtype);
  const lenErr = (what: string, got: number, want: number) =>
    modelError(`tensor '${name}' (${dtype}, shape [${dims.join(', ')}]) has ${got} ${what} but its shape needs ${want}`, { file: ctx.file });

  if (dtype === 'string') {
    throw new WorkbenchError('E_UNSUPPORTED', `tensor '${name}' holds strings, which are not supported`, { file: ctx.file });
  }

  // External data.
  if (msg.data_location === 1 || (msg.external_data && msg.external_data.length > 0)) {
    if (!ctx.external) throw fileError(`tensor '${name}' refers to external data but no model directory is known to resolve it`, { file: ctx.file });
    const ext = ctx.external(msg, name);
    const ref = { location: ext.location, offset: ext.offset, length: ext.length, present: !!ext.bytes };
    if (!ext.bytes) return { name, dtype, dims, external: ref };
    if (ext.bytes.length !== n * size) throw lenErr('bytes of external data', ext.bytes.length, n * size);
    const { data, copied } = viewBytes(ext.bytes, dtype, n);
    if (copied) ctx.onCopy?.(name);
    return { name, dtype, dims, data, external: ref };
  }

  if (msg.raw_data && msg.raw_data.length > 0) {
    if (msg.raw_data.length !== n * size) throw lenErr('bytes of raw_data', msg.raw_data.length, n * size);
    const { data, copied } = viewBytes(msg.raw_data, dtype, n);
    if (copied) ctx.onCopy?.(name);
    return { name, dtype, dims, data };
  }

  const data = new (arrayCtor(dtype))(n);
  const fill = (src: ArrayLike<unknown> | undefined, what: string, conv: (v: unknown) => number | bigint) => {
    const len = src?.length ?? 0;
    if (len !== n) throw lenErr(`values in ${what}`, len, n);
    const d = data as unknown as { [i: number]: number | bigint };
    for (let i = 0; i < n; i++) d[i] = conv(src![i]);
  };
  switch (dtype) {
    case 'float32': fill(msg.float_data, 'float_data', Number); break;
    case 'float64': fill(msg.double_data, 'double_data', Number); break;
    case 'int64': fill(msg.int64_data, 'int64_data', (v) => toBigInt(v as never)); break;
    case 'uint64': fill(msg.uint64_data, 'uint64_data', (v) => toBigInt(v as never, true)); break;
    case 'uint32': fill(msg.uint64_data, 'uint64_data', (v) => toInt(v as never)); break;
    default: fill(msg.int32_data, 'int32_data', Number); break; // int8/16/32, uint8/16, bool, float16 bits
  }
  return { name, dtype, dims, data };
}

/** Read one serialised TensorProto (an ONNX test-data `.pb`). */
export function readTensorProto(buf: Uint8Array, file?: string): Tensor {
  if (buf.length === 0) throw fileError('tensor file is empty (0 bytes)', { file });
  let msg: TensorProtoMsg;
  try {
    msg = onnxType('TensorProto').decode(buf) as unknown as TensorProtoMsg;
  } catch (err) {
    throw fileError(`not a serialised ONNX TensorProto (${(err as Error).message})`, { file }, err);
  }
  if (msg.data_type === undefined || msg.data_type === 0) throw fileError('not a serialised ONNX TensorProto (no data_type)', { file });
  return tensorFromProto(msg, { file });
}

/** Serialise a tensor as an ONNX TensorProto (raw_data, little-endian). */
export function writeTensorProto(t: Tensor): Uint8Array {
  if (!t.data) throw fileError(`tensor '${t.name}' has no data to write (weights absent)`);
  const d = t.data;
  const raw = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  return onnxType('TensorProto').encode({
    dims: t.dims,
    data_type: dtypeCode(t.dtype),
    name: t.name,
    raw_data: raw,
  }).finish();
}
