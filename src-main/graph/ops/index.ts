/** Registry of supported operators (domain ai.onnx): shape inference + reference kernel per op type. */
import type { OpSpec } from './types';
import { binaryOps, unaryOps, Gelu, Where } from './elementwise';
import { MatMul, Gemm } from './matmul';
import { Softmax, LayerNormalization } from './normalization';
import { reduceOps, ArgMax, TopK } from './reduce';
import {
  Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Split, Slice, Gather, Shape, Size, Expand,
  ConstantOfShape, Constant, Identity, Dropout, Cast,
} from './shape-ops';
import { Conv } from './conv';

export const OPS: Readonly<Record<string, OpSpec>> = {
  ...binaryOps, ...unaryOps, Gelu, Where,
  MatMul, Gemm, Softmax, LayerNormalization,
  ...reduceOps, ArgMax, TopK,
  Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Concat, Split, Slice, Gather, Shape, Size, Expand,
  ConstantOfShape, Constant, Identity, Dropout, Cast,
  Conv,
};

const ONNX_DOMAINS = new Set(['', 'ai.onnx']);

/** The op spec for a node, or undefined when the op (or its domain) is not supported. */
export function opSpec(opType: string, domain: string): OpSpec | undefined {
  return ONNX_DOMAINS.has(domain) ? OPS[opType] : undefined;
}

export const supportedOps = (): string[] => Object.keys(OPS).sort();
export type { OpSpec, ValueType } from './types';
