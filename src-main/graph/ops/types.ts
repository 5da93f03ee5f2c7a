import type { DType, Node, Tensor } from '../ir';
import { WorkbenchError } from '../../core/errors';

/** What shape inference knows about a value: dtype, and the shape when known. */
export interface ValueType { dtype: DType; shape?: number[] }

/**
 * One operator: shape/type inference and a float32 reference kernel (int64 for shape ops).
 * `consts[i]` is the value of input i when it is constant (initializer or folded), for ops whose
 * output shape depends on input values (Reshape, Slice, Expand, …).
 */
export interface OpSpec {
  infer(node: Node, ins: Array<ValueType | undefined>, consts: Array<Tensor | undefined>, opset: number): Array<ValueType | undefined>;
  run(node: Node, ins: Array<Tensor | undefined>, opset: number): Tensor[];
}

/** A model error raised inside an op; the caller adds node/op/opset/file context. */
export const opError = (msg: string): WorkbenchError => new WorkbenchError('E_MODEL', msg);

export function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw opError(`missing ${what}`);
  return v;
}
