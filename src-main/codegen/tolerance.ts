/**
 * The agreement a precision implies between the generated design (csim) and the float reference:
 * cosine similarity of each output tensor. 16-bit activations must reach 0.999 (the acceptance bar,
 * Edge-MoE's own W16A32 design reaches 0.99984); narrower activations are allowed proportionally more.
 */
import type { PrecisionPlan } from '../plan/plan';

export interface Tolerance { cosine: number }

export function toleranceFor(p: PrecisionPlan): Tolerance {
  const a = p.activation.w;
  if (a >= 16) return { cosine: 0.999 };
  if (a >= 12) return { cosine: 0.995 };
  if (a >= 8) return { cosine: 0.98 };
  return { cosine: 0.9 };
}
