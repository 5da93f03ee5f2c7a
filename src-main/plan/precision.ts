/**
 * Precision choices: safe defaults, accumulator sizing from the reduction length, per-tensor overrides and
 * parsing of `--precision` strings (`act=16.6,weight=8.1,acc=32.12`, `int8`, `w16a32`, `w8a8`).
 */
import { inputError } from '../core/errors';
import type { FixedType, PrecisionPlan } from './plan';

export const fx = (w: number, i: number, signed = true): FixedType => ({ w, i, signed });

/**
 * Defaults: 16-bit activations with 6 integer bits (ViT residual streams stay within ±32 after LayerNorm
 * scaling), weights in ±2 with 14 fraction bits, biases/norm parameters ±16, softmax probabilities in
 * [0, 2). The accumulator default is a ceiling; per kernel it is sized from K (accumulatorFor).
 */
export function defaultPrecision(): PrecisionPlan {
  return {
    activation: fx(16, 6),
    weight: fx(16, 2),
    bias: fx(16, 5),
    accumulator: fx(48, 18),
    norm: fx(16, 5),
    softmax: fx(16, 2),
    overrides: {},
  };
}

/** Named presets. W16A32 is Edge-MoE's choice (anchors.md); INT8 is CoQMoE's. */
const NAMED: Record<string, Partial<Omit<PrecisionPlan, 'overrides'>>> = {
  default: {},
  w16a16: { activation: fx(16, 6), weight: fx(16, 2) },
  w16a32: { activation: fx(32, 10), weight: fx(16, 2), bias: fx(16, 5), norm: fx(16, 5), accumulator: fx(64, 24) },
  w8a8: { activation: fx(8, 4), weight: fx(8, 1), bias: fx(16, 5), norm: fx(16, 5), softmax: fx(8, 1), accumulator: fx(32, 12) },
  int8: { activation: fx(8, 4), weight: fx(8, 1), bias: fx(16, 5), norm: fx(16, 5), softmax: fx(8, 1), accumulator: fx(32, 12) },
  w4a8: { activation: fx(8, 4), weight: fx(4, 1), softmax: fx(8, 1), accumulator: fx(32, 12) },
};

const KEYS: Record<string, keyof Omit<PrecisionPlan, 'overrides'>> = {
  act: 'activation', activation: 'activation', a: 'activation',
  weight: 'weight', w: 'weight',
  bias: 'bias', b: 'bias',
  acc: 'accumulator', accumulator: 'accumulator',
  norm: 'norm',
  softmax: 'softmax', sm: 'softmax',
};

/** `16.6` → ap_fixed<16,6>; `u8.0` → ap_ufixed<8,0>; `ap_fixed<16,6>` also accepted. */
export function parseFixed(text: string, field = 'precision'): FixedType {
  const t = text.trim();
  let m = /^(u?)(\d+)\.(-?\d+)$/i.exec(t);
  if (m) return check(fx(Number(m[2]), Number(m[3]), m[1] === ''), field, t);
  m = /^ap_(u?)fixed<\s*(\d+)\s*,\s*(-?\d+)\s*>$/i.exec(t);
  if (m) return check(fx(Number(m[2]), Number(m[3]), m[1] === ''), field, t);
  m = /^(u?)int(\d+)$/i.exec(t);
  if (m) return check(fx(Number(m[2]), Number(m[2]), m[1] === ''), field, t);
  throw inputError(`'${t}' is not a fixed-point type; expected W.I (e.g. 16.6), uW.I, ap_fixed<W,I> or intN`, { field });
}

function check(t: FixedType, field: string, text: string): FixedType {
  if (t.w < 1 || t.w > 1024) throw inputError(`width of '${text}' must be 1..1024`, { field });
  return t;
}

/**
 * Parse a `--precision` value: a named preset (`int8`, `w16a32`, `w8a8`, …) optionally followed by
 * comma-separated KEY=W.I items; keys are act|weight|bias|acc|norm|softmax, anything else is a per-tensor
 * override by tensor/layer name (e.g. `blocks.0.attn.qkv=8.1`).
 */
export function parsePrecision(text: string | undefined, base: PrecisionPlan = defaultPrecision()): PrecisionPlan {
  const out: PrecisionPlan = { ...base, overrides: { ...base.overrides } };
  if (!text || !text.trim()) return out;
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq < 0) {
      const named = namedPrecision(item);
      if (!named) {
        throw inputError(`unknown precision '${item}'; expected one of ${Object.keys(NAMED).join(', ')}, wNaM, or KEY=W.I items`, { field: 'precision' });
      }
      Object.assign(out, named);
      continue;
    }
    const key = item.slice(0, eq).trim();
    const value = parseFixed(item.slice(eq + 1), `precision.${key}`);
    const known = KEYS[key.toLowerCase()];
    if (known) out[known] = value;
    else if (key) out.overrides[key] = value;
    else throw inputError(`empty key in '${item}'`, { field: 'precision' });
  }
  return out;
}

function namedPrecision(name: string): Partial<PrecisionPlan> | undefined {
  const n = name.toLowerCase();
  if (NAMED[n]) return NAMED[n];
  const m = /^w(\d+)a(\d+)$/.exec(n);
  if (!m) return undefined;
  const w = Number(m[1]);
  const a = Number(m[2]);
  // Generic wNaM: weights keep 2 integer bits (1 when ≤ 8 bits), activations keep 6 (4 when ≤ 8 bits).
  return { weight: fx(w, w <= 8 ? 1 : 2), activation: fx(a, a <= 8 ? 4 : a >= 24 ? 10 : 6) };
}

/** A short label for a precision plan: "W16A16", "W8A8", "W16A32". */
export function precisionLabel(p: PrecisionPlan): string {
  return `W${p.weight.w}A${p.activation.w}`;
}

/**
 * Accumulator wide enough to add K products of a×b exactly: product width a.w + b.w with a.i + b.i
 * integer bits, plus ceil(log2 K) carry bits. Capped by the plan's accumulator (a user choice wins).
 */
export function accumulatorFor(a: FixedType, b: FixedType, k: number, cap?: FixedType): FixedType {
  const growth = k > 1 ? Math.ceil(Math.log2(k)) : 0;
  const w = a.w + b.w + growth;
  const i = a.i + b.i + growth;
  if (cap && cap.w < w) return { ...cap };
  return { w, i, signed: a.signed || b.signed };
}

/** The type of a named tensor/layer: its override if any, else the fallback. Longest matching prefix wins. */
export function resolveOverride(p: PrecisionPlan, names: string[], fallback: FixedType): FixedType {
  let best: FixedType | undefined;
  let bestLen = -1;
  for (const [key, t] of Object.entries(p.overrides)) {
    for (const n of names) {
      if ((n === key || n.startsWith(key + '.') || n.startsWith(key + '/')) && key.length > bestLen) {
        best = t;
        bestLen = key.length;
      }
    }
  }
  return best ?? fallback;
}
