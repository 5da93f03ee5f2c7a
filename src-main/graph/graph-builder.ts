/**
 * Builds a Graph IR node by node with shapes recorded as it goes. Used by archToGraph; weights may be
 * declared without data (dims only), small constants (shapes, scalars) always carry data.
 */
import type { AttrValue, DType, Graph, Node, Tensor, TensorInfo, TypedArray } from './ir';

export type AttrInput = number | number[] | string | { f: number } | { fs: number[] };

export function toAttr(v: AttrInput): AttrValue {
  if (typeof v === 'number') return { kind: 'int', value: v };
  if (typeof v === 'string') return { kind: 'string', value: v };
  if (Array.isArray(v)) return { kind: 'ints', value: v };
  if ('f' in v) return { kind: 'float', value: v.f };
  return { kind: 'floats', value: v.fs };
}

export class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers = new Map<string, Tensor>();
  readonly values = new Map<string, TensorInfo>();
  readonly inputs: TensorInfo[] = [];
  readonly outputs: TensorInfo[] = [];
  private counter = 0;

  constructor(readonly name: string) {}

  input(name: string, dtype: DType, shape: number[]): string {
    const info = { name, dtype, shape };
    this.inputs.push(info);
    this.values.set(name, info);
    return name;
  }

  output(name: string): void {
    const info = this.values.get(name);
    if (!info) throw new Error(`GraphBuilder: unknown output ${name}`);
    this.outputs.push(info);
  }

  /** A weight: dims always, data only when given. */
  weight(name: string, dims: number[], data?: TypedArray, dtype: DType = 'float32'): string {
    this.initializers.set(name, { name, dtype, dims, ...(data ? { data } : {}) });
    this.values.set(name, { name, dtype, shape: dims });
    return name;
  }

  i64(name: string, vals: number[], dims: number[] = [vals.length]): string {
    return this.weight(name, dims, BigInt64Array.from(vals.map((v) => BigInt(v))), 'int64');
  }

  f32(name: string, vals: number[], dims: number[] = []): string {
    return this.weight(name, dims, Float32Array.from(vals));
  }

  /** Add a node; returns its output names (one per entry of `outs`: [shape] or [shape, dtype]). */
  node(opType: string, name: string, inputs: string[], outs: Array<number[] | [number[], DType]>, attrs: Record<string, AttrInput> = {}): string[] {
    const nodeName = name || `${opType}_${this.counter}`;
    this.counter++;
    const outputs = outs.map((o, i) => {
      const out = `${nodeName}_output_${i}`;
      const [shape, dtype] = isPair(o) ? o : [o, 'float32' as DType];
      this.values.set(out, { name: out, dtype, shape });
      return out;
    });
    const a: Record<string, AttrValue> = {};
    for (const [k, v] of Object.entries(attrs)) a[k] = toAttr(v);
    this.nodes.push({ name: nodeName, opType, domain: '', inputs, outputs, attrs: a });
    return outputs;
  }

  /** Single-output convenience. */
  op(opType: string, name: string, inputs: string[], shape: number[], attrs: Record<string, AttrInput> = {}, dtype: DType = 'float32'): string {
    return this.node(opType, name, inputs, [[shape, dtype]], attrs)[0];
  }

  build(source: Graph['source'], opset = 17): Graph {
    return {
      name: this.name, nodes: this.nodes, inputs: this.inputs, outputs: this.outputs, initializers: this.initializers,
      values: this.values, opsets: { '': opset }, source, warnings: [],
    };
  }
}

function isPair(o: number[] | [number[], DType]): o is [number[], DType] {
  return o.length === 2 && Array.isArray(o[0]);
}
