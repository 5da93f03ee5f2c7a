/**
 * ONNX file → Graph IR. Decodes with protobufjs and the vendored onnx.proto; initializers become
 * typed-array views over the file buffer (or the external-data file buffer), never per-element copies.
 *
 * Alignment: a Float32Array must start at a multiple of 4 bytes, but protobuf puts raw_data at any
 * offset. When the importer owns the buffer (importOnnx read the file itself), it moves each unaligned
 * raw_data payload back by < its element size into the protobuf framing bytes just before it, which
 * are no longer needed once decoded (memmove via copyWithin); only a tensor whose move would overlap
 * the previous payload is copied. With a caller's buffer (importOnnxBuffer) nothing is mutated and
 * unaligned tensors are copied.
 *
 * Errors name the file and, where they apply, the node, op type and opset (core/errors WorkbenchError).
 */
import { promises as fsp, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AttrValue, Dim, Graph, Node, Tensor, TensorInfo } from './ir';
import { WorkbenchError, fileError, modelError } from '../core/errors';
import {
  AttrType, onnxType, toInt, type AttributeMsg, type ModelProtoMsg, type NodeMsg,
  type TensorProtoMsg, type ValueInfoMsg,
} from './onnx-proto';
import { dtypeFromCode, tensorFromProto } from './tensor-proto';
import { opSpec } from './ops';
import { dtypeSize } from './ir';

export interface ImportOptions {
  /**
   * Values for dynamic dimensions of graph inputs, keyed by the dim_param name (e.g. `batch_size`) or by
   * `input:axis` (e.g. `pixel_values:0`), or `#index:axis` (the index-th real input). Without an entry, axis 0 (batch) resolves to 1; any other
   * dynamic dimension is an error naming the input and the dimension.
   */
  dimOverrides?: Record<string, number>;
  /** Keep going when ops are unsupported (structure view); they are listed in graph.warnings instead. */
  allowUnsupported?: boolean;
  /** For importOnnxBuffer: the file name used in messages and the directory external data are resolved from. */
  file?: string;
  baseDir?: string;
}

export interface ImportStats {
  bytes: number;
  tensors: number;
  alignedInPlace: number;
  copiedUnaligned: number;
}

/** Read and import an ONNX file. */
export async function importOnnx(file: string, opts: ImportOptions = {}): Promise<Graph> {
  let buf: Buffer;
  try {
    buf = await fsp.readFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw fileError(e.code === 'ENOENT' ? 'model file not found' : `cannot read model file (${e.message})`, { file }, err);
  }
  return importFromBytes(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), { ...opts, file, baseDir: opts.baseDir ?? path.dirname(file) }, true);
}

/** Import from bytes the caller owns (never mutated). */
export async function importOnnxBuffer(buf: Uint8Array, opts: ImportOptions = {}): Promise<Graph> {
  return importFromBytes(buf, opts, false);
}

let lastStats: ImportStats | undefined;
/** Stats of the most recent import (bench and tests). */
export const lastImportStats = (): ImportStats | undefined => lastStats;

function importFromBytes(buf: Uint8Array, opts: ImportOptions, owned: boolean): Graph {
  const file = opts.file;
  const ctx = { file };
  if (buf.length === 0) throw fileError('file is empty (0 bytes): not an ONNX model', ctx);

  const model = decodeModel(buf, file);
  const g = model.graph!;
  const warnings: string[] = [];

  const opsets: Record<string, number> = {};
  for (const o of model.opset_import ?? []) opsets[o.domain === 'ai.onnx' ? '' : (o.domain ?? '')] = toInt(o.version);
  if (opsets[''] === undefined) {
    warnings.push('the model declares no ai.onnx opset; assuming opset 13');
    opsets[''] = 13;
  }
  const opset = opsets[''];

  // Phase 1: everything except tensor data (bytes fields the alignment move could overwrite are read here).
  const pendingTensors: Array<{ msg: TensorProtoMsg; set: (t: Tensor) => void; fallback: string }> = [];
  const initializers = new Map<string, Tensor>();
  for (const [i, t] of (g.initializer ?? []).entries()) {
    const name = t.name ?? '';
    if (!name) throw modelError(`initializer #${i} has no name`, ctx);
    pendingTensors.push({ msg: t, set: (v) => initializers.set(name, v), fallback: name });
  }
  if (g.sparse_initializer && g.sparse_initializer.length) {
    throw new WorkbenchError('E_UNSUPPORTED', `the graph has ${g.sparse_initializer.length} sparse initializer(s), which are not supported`, ctx);
  }
  const nodes = convertNodes(g.node ?? [], pendingTensors);

  // Phase 2: alignment, then tensors.
  const stats: ImportStats = { bytes: buf.length, tensors: pendingTensors.length, alignedInPlace: 0, copiedUnaligned: 0 };
  if (owned) stats.alignedInPlace = alignInPlace(buf, pendingTensors.map((p) => p.msg));
  const external = externalResolver(opts.baseDir, file, warnings);
  for (const p of pendingTensors) {
    p.set(tensorFromProto(p.msg, { file, external, onCopy: () => stats.copiedUnaligned++ }, p.fallback));
  }
  lastStats = stats;

  // Values: inputs (initializers excluded), outputs, value_info.
  const values = new Map<string, TensorInfo>();
  const inputs: TensorInfo[] = [];
  for (const vi of g.input ?? []) {
    const name = vi.name ?? '';
    if (initializers.has(name)) continue;
    const info = valueInfo(vi, file);
    info.shape = resolveInputDims(info, inputs.length, opts.dimOverrides ?? {}, file);
    inputs.push(info);
    values.set(name, info);
  }
  for (const vi of g.value_info ?? []) if (vi.name && !values.has(vi.name)) values.set(vi.name, valueInfo(vi, file));
  const outputs = (g.output ?? []).map((vi) => valueInfo(vi, file));
  for (const o of outputs) if (!values.has(o.name)) values.set(o.name, o);
  for (const [name, t] of initializers) values.set(name, { name, dtype: t.dtype, shape: t.dims.slice() });

  // Unsupported ops: all at once.
  const unsupported = nodes.filter((n) => !opSpec(n.opType, n.domain));
  if (unsupported.length) {
    const lines = unsupported.map((n) => {
      const dom = n.domain || '';
      const v = opsets[dom === 'ai.onnx' ? '' : dom];
      return `node '${n.name}': ${dom ? `${dom}::` : ''}${n.opType} (opset ${v ?? '?'})`;
    });
    if (!opts.allowUnsupported) {
      const kinds = [...new Set(unsupported.map((n) => n.opType))].join(', ');
      throw new WorkbenchError('E_UNSUPPORTED', `${unsupported.length} node(s) use unsupported operators (${kinds}):\n  ${lines.join('\n  ')}`, { ...ctx, opset }, lines);
    }
    warnings.push(...lines.map((l) => `unsupported operator: ${l}`));
  }

  checkReferences(nodes, inputs, initializers, outputs, file);
  const sorted = topoSort(nodes, file);

  return {
    name: g.name || path.basename(file ?? 'model', '.onnx'),
    nodes: sorted,
    inputs,
    outputs,
    initializers,
    values,
    opsets,
    source: { file, producer: [model.producer_name, model.producer_version].filter(Boolean).join(' ') || undefined },
    warnings,
  };
}

function decodeModel(buf: Uint8Array, file?: string): ModelProtoMsg {
  let model: ModelProtoMsg;
  try {
    model = onnxType('ModelProto').decode(buf) as unknown as ModelProtoMsg;
  } catch (err) {
    const msg = (err as Error).message;
    if (/index out of range/i.test(msg)) {
      throw fileError(`file is truncated or corrupt: protobuf data end early (${buf.length} bytes read; ${msg})`, { file }, err);
    }
    throw fileError(`not an ONNX model: protobuf decoding failed (${msg})`, { file }, err);
  }
  const has = (k: string) => Object.prototype.hasOwnProperty.call(model, k);
  if (!has('ir_version') || !has('graph')) {
    throw fileError(`not an ONNX model: no ${has('ir_version') ? 'graph' : 'ir_version'} field (${buf.length} bytes)`, { file });
  }
  const g = model.graph!;
  if ((g.node ?? []).length === 0 && (g.output ?? []).length === 0) {
    throw fileError('not an ONNX model, or truncated: the graph has no nodes and no outputs', { file });
  }
  return model;
}

function convertNodes(msgs: NodeMsg[], pending: Array<{ msg: TensorProtoMsg; set: (t: Tensor) => void; fallback: string }>): Node[] {
  const used = new Set<string>();
  return msgs.map((m, i) => {
    const opType = m.op_type ?? '';
    let name = m.name || `${opType}_${i}`;
    if (used.has(name)) { let k = 1; while (used.has(`${name}_${k}`)) k++; name = `${name}_${k}`; }
    used.add(name);
    const attrs: Record<string, AttrValue> = {};
    for (const a of m.attribute ?? []) {
      const v = convertAttr(a, name, pending);
      if (v) attrs[a.name ?? ''] = v;
    }
    return { name, opType, domain: m.domain ?? '', inputs: (m.input ?? []).slice(), outputs: (m.output ?? []).slice(), attrs };
  });
}

const utf8 = new TextDecoder();

function convertAttr(a: AttributeMsg, node: string,
  pending: Array<{ msg: TensorProtoMsg; set: (t: Tensor) => void; fallback: string }>): AttrValue | undefined {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(a, k);
  let type = a.type ?? AttrType.UNDEFINED;
  if (type === AttrType.UNDEFINED) {
    // IR v1 had no discriminator: infer from the field present.
    type = has('f') ? AttrType.FLOAT : has('i') ? AttrType.INT : has('s') ? AttrType.STRING : has('t') ? AttrType.TENSOR
      : a.floats?.length ? AttrType.FLOATS : a.ints?.length ? AttrType.INTS : a.strings?.length ? AttrType.STRINGS : AttrType.UNDEFINED;
  }
  switch (type) {
    case AttrType.FLOAT: return { kind: 'float', value: a.f ?? 0 };
    case AttrType.INT: return { kind: 'int', value: toInt(a.i) };
    case AttrType.STRING: return { kind: 'string', value: a.s ? utf8.decode(a.s) : '' };
    case AttrType.FLOATS: return { kind: 'floats', value: (a.floats ?? []).slice() };
    case AttrType.INTS: return { kind: 'ints', value: (a.ints ?? []).map((v) => toInt(v)) };
    case AttrType.STRINGS: return { kind: 'strings', value: (a.strings ?? []).map((s) => utf8.decode(s)) };
    case AttrType.TENSOR: {
      if (!a.t) return undefined;
      const holder: AttrValue = { kind: 'tensor', value: { name: '', dtype: 'float32', dims: [] } };
      pending.push({ msg: a.t, set: (t) => { holder.value = t; }, fallback: `${node}.${a.name}` });
      return holder;
    }
    default:
      // Graph-valued and sparse attributes belong to ops we do not support (If, Loop, Scan, …);
      // the unsupported-op check reports the node.
      return undefined;
  }
}

/**
 * Move unaligned raw_data payloads back into alignment inside the (owned) buffer. Returns how many
 * were moved. Payloads are processed in file order, each moved by less than its element size, and never
 * onto the previous payload.
 */
function alignInPlace(buf: Uint8Array, msgs: TensorProtoMsg[]): number {
  const chunks = msgs
    .filter((m) => m.raw_data && m.raw_data.length > 0 && m.raw_data.buffer === buf.buffer)
    .map((m) => {
      let size = 1;
      try { size = dtypeSize(dtypeFromCode(m.data_type ?? 0)); } catch { size = 1; }
      return { m, off: m.raw_data!.byteOffset, len: m.raw_data!.length, size };
    })
    .sort((a, b) => a.off - b.off);
  const whole = new Uint8Array(buf.buffer);
  let prevEnd = buf.byteOffset;
  let moved = 0;
  for (const c of chunks) {
    const target = c.off - (c.off % Math.max(c.size, 1));
    if (target !== c.off && target >= prevEnd) {
      whole.copyWithin(target, c.off, c.off + c.len);
      c.m.raw_data = new Uint8Array(buf.buffer, target, c.len);
      moved++;
      prevEnd = target + c.len;
    } else prevEnd = Math.max(prevEnd, c.off + c.len);
  }
  return moved;
}

/** External-data resolver: reads each external file once; a missing file → one warning, weights absent. */
function externalResolver(baseDir: string | undefined, file: string | undefined, warnings: string[]) {
  const cache = new Map<string, Uint8Array | null>();
  return (t: TensorProtoMsg, name: string) => {
    const kv: Record<string, string> = {};
    for (const e of t.external_data ?? []) if (e.key) kv[e.key] = e.value ?? '';
    const location = kv.location;
    if (!location) throw fileError(`tensor '${name}' has external data without a location`, { file });
    if (path.isAbsolute(location) || path.normalize(location).split(/[\\/]/).includes('..')) {
      throw fileError(`tensor '${name}': external data location '${location}' must be a relative path inside the model's directory`, { file });
    }
    if (!cache.has(location) && !baseDir) {
      warnings.push(`external data file '${location}' cannot be found: the model was given as bytes with no directory (baseDir); weights are absent`);
      cache.set(location, null);
    }
    if (!cache.has(location)) {
      const full = path.join(baseDir!, location);
      let data: Uint8Array | null = null;
      try {
        statSync(full);
        const b = readFileSync(full);
        data = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(`cannot read external data file '${location}' (${(err as Error).message})`, { file }, err);
        warnings.push(`external data file '${location}' (next to ${file ? path.basename(file) : 'the model'}) is missing: weights are absent; structure and estimates still work, steps that need weights will refuse`);
      }
      cache.set(location, data);
    }
    const data = cache.get(location) ?? undefined;
    const offset = kv.offset ? Number(kv.offset) : 0;
    const length = kv.length ? Number(kv.length) : data ? data.length - offset : 0;
    if (!data) return { location, offset, length };
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > data.length) {
      throw modelError(`tensor '${name}': external data range offset ${kv.offset ?? 0}, length ${kv.length ?? '(rest)'} lies outside '${location}' (${data.length} bytes)`, { file });
    }
    return { location, offset, length, bytes: data.subarray(offset, offset + length) };
  };
}

function valueInfo(vi: ValueInfoMsg, file?: string): TensorInfo {
  const name = vi.name ?? '';
  const tt = vi.type?.tensor_type;
  if (!tt) {
    if (vi.type && Object.keys(vi.type).some((k) => k.endsWith('_type'))) {
      throw new WorkbenchError('E_UNSUPPORTED', `value '${name}' is not a tensor (sequence/map/optional types are not supported)`, { file });
    }
    return { name, dtype: 'float32' };
  }
  const dtype = dtypeFromCode(tt.elem_type ?? 0, { file, tensor: name });
  if (!tt.shape) return { name, dtype };
  const shape: Dim[] = (tt.shape.dim ?? []).map((d) => {
    if (Object.prototype.hasOwnProperty.call(d, 'dim_value')) return toInt(d.dim_value);
    return d.dim_param || '?';
  });
  return { name, dtype, shape };
}

function resolveInputDims(info: TensorInfo, index: number, overrides: Record<string, number>, file?: string): Dim[] | undefined {
  if (!info.shape) return undefined;
  return info.shape.map((d, axis) => {
    if (typeof d === 'number' && d >= 0) return d;
    const sym = typeof d === 'string' && d !== '?' ? d : undefined;
    const v = (sym !== undefined ? overrides[sym] : undefined) ?? overrides[`${info.name}:${axis}`] ?? overrides[`#${index}:${axis}`];
    if (v !== undefined) {
      if (!Number.isInteger(v) || v <= 0) throw new WorkbenchError('E_INPUT', `override for input '${info.name}' dimension ${axis}${sym ? ` ('${sym}')` : ''} must be a positive integer, got ${v}`, { file });
      return v;
    }
    if (axis === 0) return 1; // batch
    throw modelError(
      `input '${info.name}' dimension ${axis}${sym ? ` ('${sym}')` : ''} is dynamic and has no value; pass a value for it ` +
      `(dimOverrides { "${sym ?? `${info.name}:${axis}`}": N }, CLI --dim ${sym ?? `${info.name}:${axis}`}=N)`,
      { file },
    );
  });
}

function checkReferences(nodes: Node[], inputs: TensorInfo[], inits: Map<string, Tensor>, outputs: TensorInfo[], file?: string): void {
  const known = new Set<string>([...inputs.map((i) => i.name), ...inits.keys()]);
  const producer = new Map<string, string>();
  for (const n of nodes) for (const o of n.outputs) {
    if (!o) continue;
    if (producer.has(o)) throw modelError(`value '${o}' is produced by two nodes: '${producer.get(o)}' and '${n.name}'`, { file, node: n.name, opType: n.opType });
    producer.set(o, n.name);
  }
  for (const n of nodes) for (const i of n.inputs) {
    if (i && !known.has(i) && !producer.has(i)) {
      throw modelError(`input '${i}' is not a graph input, an initializer or any node's output`, { file, node: n.name, opType: n.opType });
    }
  }
  for (const o of outputs) if (!known.has(o.name) && !producer.has(o.name)) throw modelError(`graph output '${o.name}' is not produced by any node`, { file });
}

/** Kahn's algorithm, stable w.r.t. file order; a cycle is reported with the nodes on it. */
export function topoSort(nodes: Node[], file?: string): Node[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => { if (o) producer.set(o, i); }));
  const deps = nodes.map((n) => [...new Set(n.inputs.filter((x) => x && producer.has(x)).map((x) => producer.get(x)!))]);
  const users: number[][] = nodes.map(() => []);
  const indeg = deps.map((d) => d.length);
  deps.forEach((d, i) => d.forEach((p) => users[p].push(i)));
  const ready: number[] = [];
  indeg.forEach((d, i) => { if (d === 0) ready.push(i); });
  const out: Node[] = [];
  // Min-index first keeps the file order when it is already valid.
  const heapPush = (v: number) => { ready.push(v); ready.sort((a, b) => a - b); };
  ready.sort((a, b) => a - b);
  while (ready.length) {
    const i = ready.shift()!;
    out.push(nodes[i]);
    for (const u of users[i]) if (--indeg[u] === 0) heapPush(u);
  }
  if (out.length === nodes.length) return out;
  // Find one cycle among the remaining nodes: walk dependencies until a node repeats.
  const left = new Set(indeg.map((d, i) => (d > 0 ? i : -1)).filter((i) => i >= 0));
  let cur = [...left][0];
  const seen = new Map<number, number>();
  const pathIdx: number[] = [];
  while (!seen.has(cur)) {
    seen.set(cur, pathIdx.length);
    pathIdx.push(cur);
    cur = deps[cur].find((p) => left.has(p))!;
  }
  const cycle = pathIdx.slice(seen.get(cur)!).reverse().map((i) => nodes[i]);
  const names = cycle.map((n) => `'${n.name}' (${n.opType})`);
  throw new WorkbenchError('E_MODEL', `the graph has a cycle: ${names.join(' → ')} → '${cycle[0].name}'`, { file, node: cycle[0].name, opType: cycle[0].opType }, names);
}
