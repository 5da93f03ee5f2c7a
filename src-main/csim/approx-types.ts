/**
 * An approximation error curve (softmax exp, GELU) as csim/approx-sweep.ts measures it, declared once for
 * it and the API contract. Types only, importing nothing that reaches Node.
 */
import type { FixedType } from '../plan/plan';

export interface ApproxCurve {
  name: 'softmax-exp' | 'gelu';
  outputType: FixedType;
  /** One LSB of the output type. */
  lsb: number;
  /** Downsampled points for charts. */
  x: number[];
  approx: number[];
  exact: number[];
  errorLsb: number[];
  maxErrorLsb: number;
  meanErrorLsb: number;
  /** Input where the largest error occurs. */
  worstX: number;
}
