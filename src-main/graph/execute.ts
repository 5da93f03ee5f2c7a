/**
 * Float32 reference executor (int64 for shape ops): runs the graph node by node in topological order
 * with the kernels in ops/. It is the golden model C simulation is compared against, so it favours
 * clear, exact semantics; MatMul/Gemm/Conv use the blocked GEMM in ops/matmul.ts.
 * Intermediates are released after their last use to bound memory.
 */
import type { Graph, Node, Tensor } from './ir';
import { numel } from './ir';
import { WorkbenchError } from '../core/errors';
import { opSpec } from './ops';
import { sameDims } from './ops/tensor-util';

export interface ExecuteOptions {
  /** Called after each node (progress for long runs). */
  onNode?: (index: number, total: number, node: Node) => void;
  /** Also return these intermediate values (by name). */
  keep?: string[];
}

/** Wrap an op failure with the node's context (name, op type, opset, file). */
export function nodeError(g: Graph, n: Node, err: unknown): WorkbenchError {
  const opset = g.opsets[n.domain === 'ai.onnx' ? '' : n.domain] ?? g.opsets[''];
  const ctx = { file: g.source?.file, node: n.name, opType: n.opType, opset };
  if (err instanceof WorkbenchError) {
    // An error that already says where it happened is passed on; a bare op error gets the node's context.
    if (Object.values(err.context).some((v) => v !== undefined)) return err;
    return new WorkbenchError(err.code, err.message, ctx, err.details, { cause: err });
  }
  return new WorkbenchError('E_MODEL', `failed: ${(err as Error).message ?? String(err)}`, ctx, [], { cause: err });
}

/** Ops that only move or reinterpret data (safe on raw 16-bit float bits). */
const BIT_EXACT_OPS = new Set(['Identity', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Concat', 'Split', 'Slice', 'Gather', 'Shape', 'Size', 'Expand', 'Dropout']);

export function execute(graph: Graph, inputs: Map<string, Tensor>, opts: ExecuteOptions = {}): Map<string, Tensor> {
  const file = graph.source?.file;
  const env = new Map<string, Tensor>();
  for (const [k, t] of graph.initializers) env.set(k, t);
  for (const inp of graph.inputs) {
    const t = inputs.get(inp.name);
    if (!t) throw new WorkbenchError('E_INPUT', `no value given for graph input '${inp.name}'`, { file });
    if (!t.data) throw new WorkbenchError('E_INPUT', `input '${inp.name}' has no data`, { file });
    if (t.dtype !== inp.dtype) throw new WorkbenchError('E_INPUT', `input '${inp.name}' is ${t.dtype}, the model expects ${inp.dtype}`, { file });
    if (inp.shape && inp.shape.every((d) => typeof d === 'number') && !sameDims(inp.shape as number[], t.dims)) {
      throw new WorkbenchError('E_INPUT', `input '${inp.name}' has shape [${t.dims.join(', ')}], the model expects [${inp.shape.join(', ')}]`, { file });
    }
    if (t.data.length !== numel(t.dims)) throw new WorkbenchError('E_INPUT', `input '${inp.name}' has ${t.data.length} values for shape [${t.dims.join(', ')}]`, { file });
    env.set(inp.name, t);
  }
  // Last use of each value, so intermediates can be dropped.
  const keep = new Set([...graph.outputs.map((o) => o.name), ...(opts.keep ?? [])]);
  const lastUse = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.inputs.forEach((x) => { if (x) lastUse.set(x, i); }));

  graph.nodes.forEach((n, i) => {
    const spec = opSpec(n.opType, n.domain);
    const opset = graph.opsets[n.domain === 'ai.onnx' ? '' : n.domain] ?? graph.opsets[''];
    if (!spec) throw new WorkbenchError('E_UNSUPPORTED', 'operator is not supported by the reference executor', { file, node: n.name, opType: n.opType, opset });
    const ins = n.inputs.map((x) => {
      if (!x) return undefined;
      const t = env.get(x);
      if (!t) throw new WorkbenchError('E_MODEL', `input '${x}' has no value (not computed before this node)`, { file, node: n.name, opType: n.opType, opset });
      return t;
    });
    // 16-bit floats are kept as raw bits (views over the file); the float32 kernels cannot read them.
    const half = ins.find((t) => t && (t.dtype === 'float16' || t.dtype === 'bfloat16'));
    if (half && !BIT_EXACT_OPS.has(n.opType)) {
      throw new WorkbenchError('E_UNSUPPORTED', `${half.dtype} tensor '${half.name}' cannot be computed by the float32 reference executor (convert the model to float32)`, { file, node: n.name, opType: n.opType, opset });
    }
    let outs: Tensor[];
    try {
      outs = spec.run(n, ins, opset);
    } catch (err) {
      throw nodeError(graph, n, err);
    }
    n.outputs.forEach((o, k) => {
      if (!o) return;
      const t = outs[k];
      if (!t) throw new WorkbenchError('E_MODEL', `produced no value for output '${o}'`, { file, node: n.name, opType: n.opType, opset });
      env.set(o, { ...t, name: o });
    });
    for (const x of n.inputs) if (x && lastUse.get(x) === i && !keep.has(x) && !graph.initializers.has(x)) env.delete(x);
    opts.onNode?.(i, graph.nodes.length, n);
  });

  const result = new Map<string, Tensor>();
  for (const o of graph.outputs) {
    const t = env.get(o.name);
    if (!t) throw new WorkbenchError('E_MODEL', `graph output '${o.name}' was not computed`, { file });
    result.set(o.name, t);
  }
  for (const k of opts.keep ?? []) { const t = env.get(k); if (t) result.set(k, t); }
  return result;
}
