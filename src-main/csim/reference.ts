/** The float reference for a generated project: the model's output for one input, from the executor. */
import type { Graph, Tensor } from '../graph/ir';
import { execute } from '../graph/execute';
import { modelError } from '../core/errors';

export function referenceOutput(graph: Graph, input: Float32Array, onNode?: (i: number, total: number) => void): Float32Array {
  const inp = graph.inputs[0];
  if (!inp?.shape || inp.shape.some((d) => typeof d !== 'number')) throw modelError('the model input shape must be fully known');
  const t: Tensor = { name: inp.name, dtype: 'float32', dims: inp.shape as number[], data: input };
  const outs = execute(graph, new Map([[inp.name, t]]), { onNode: onNode ? (i, n) => onNode(i, n) : undefined });
  const o = outs.get(graph.outputs[0].name);
  if (!o?.data) throw modelError(`the reference produced no value for '${graph.outputs[0].name}'`);
  return o.data instanceof Float32Array ? o.data : Float32Array.from(o.data as ArrayLike<number>);
}
